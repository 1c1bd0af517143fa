/**
 * `exportPlanDicom(planDir, outDir)`: a plan bundle (report.json, report.pdf, NIfTI volumes, and the CT's
 * de-identified DICOM files when it came in as DICOM) as DICOM objects a PACS stores, in the plan's
 * pseudonymous study:
 *
 *   source-ct/      the pre-treatment CT: the de-identified instances as ingested (DICOM input), or the
 *                   plan's input CT as a new CT series (NIfTI, phantom)
 *   lesion-seg.dcm  the lesion mask (SEG), one segment per lesion, on the pre-treatment CT
 *   r<rank>-<name>/sample-<n>/ct/    each simulated follow-up as a CT series (DERIVED\SECONDARY,
 *                   Synthetic Data YES, Source Image Sequence → the pre-treatment slice)
 *   r<rank>-<name>/sample-<n>/states-seg.dcm  its tissue-state map (SEG) on that simulated series
 *   plan-sr.dcm     the measurements and the ranked plan (Comprehensive 3D SR, TID 1500)
 *   report-pdf.dcm  the plan PDF (Encapsulated PDF)
 *   manifest.json   every object: path, kind, SOP class and instance, series, candidate and sample
 * Sample folders are numbered as people read them (sample-1 is report sample index 0).
 *
 * UIDs derive from the report's hash: exporting the same plan twice gives the same objects. Written
 * all-or-nothing (a hidden folder beside `outDir`, renamed when complete). The bundle's files are
 * checked against the sha256 in report.json before use. Research use only, not for clinical use.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { readNifti, readNiftiLabels, type LabelVolume, type Volume } from '@mewm/dicom';
import { RESEARCH_USE_LABEL, sampleLabel, sampleNumber, TISSUE_STATE, type PlanReport } from '@mewm/contracts';
import { PlannerInputError } from '../errors.ts';
import { slug } from '../bundle/plan-bundle.ts';
import { openPlanFolder, sha256Hex } from '../bundle/plan-folder.ts';
import { ctSliceDataset, type SourceImage } from './ct-series.ts';
import { encapsulatedPdfDataset } from './encapsulated-pdf.ts';
import { ascii, CT_IMAGE_STORAGE, exportIdentity, RESEARCH_USE_SERIES_PREFIX, type ExportIdentity } from './export-identity.ts';
import { encodePart10, type NaturalDataset } from './part10.ts';
import { planSrDataset } from './plan-sr.ts';
import { segDataset, type Code, type SegmentSpec } from './seg.ts';

export type ExportedObjectKind = 'source-ct' | 'simulated-ct' | 'lesion-seg' | 'states-seg' | 'sr' | 'pdf';

export interface ExportedObject {
  /** Relative to the export folder. */
  path: string;
  kind: ExportedObjectKind;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  candidate?: string;
  rank?: number;
  /** Report sample index (0-based). */
  sample?: number;
}

export interface DicomExportManifest {
  kind: 'mewm-dicom-export';
  researchUse: typeof RESEARCH_USE_LABEL;
  studyInstanceUid: string;
  /** True when the objects join the study the plan's DICOM CT came from. */
  joinsSourceStudy: boolean;
  objects: ExportedObject[];
}

export interface ExportPlanDicomOptions {
  /** Which samples become series: every sample (default) or each candidate's first. */
  samples?: 'all' | 'first';
  /** How the caller names the two folders in errors (the CLI: its arguments). */
  names?: { planDir?: string; outDir?: string };
  /** Called after each object is written. */
  onObject?: (o: ExportedObject, done: number) => void;
}

/** Series numbers: source 1, lesion SEG 2, SR 3, PDF 4, then 100 per candidate rank and 2 per sample. */
const SERIES = { source: 1, lesionSeg: 2, sr: 3, pdf: 4 };
const sampleSeriesNumber = (rank: number, index: number, states: boolean) => 100 * rank + 2 * index + (states ? 2 : 1);

const CATEGORY = {
  morphologicallyAltered: { CodeValue: '49755003', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Morphologically Altered Structure' },
  tissue: { CodeValue: '85756007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Tissue' },
} satisfies Record<string, Code>;
const NEOPLASM: Code = { CodeValue: '108369006', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Neoplasm' };
const NECROSIS: Code = { CodeValue: '6574001', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Necrosis' };
const localCode = (value: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: '99MEWM', CodeMeaning: meaning });

/** The tissue states as SEG segments (unchanged is not a segment). */
const STATE_SEGMENTS: SegmentSpec[] = [
  { value: TISSUE_STATE.viable, label: 'viable tumour', category: CATEGORY.morphologicallyAltered, type: NEOPLASM, cielab: [54000, 51000, 49000] },
  { value: TISSUE_STATE.necrosis, label: 'necrosis', category: CATEGORY.morphologicallyAltered, type: NECROSIS, cielab: [30000, 33000, 31000] },
  { value: TISSUE_STATE.lipiodol, label: 'lipiodol deposition', category: CATEGORY.morphologicallyAltered, type: localCode('LIPIODOL-DEPOSIT', 'Lipiodol deposition'), cielab: [65535, 32896, 32896] },
  { value: TISSUE_STATE.ablationZone, label: 'ablation zone', category: CATEGORY.morphologicallyAltered, type: localCode('ABLATION-ZONE', 'Thermal ablation zone'), cielab: [42000, 40000, 60000] },
  { value: TISSUE_STATE.resectionCavity, label: 'resection cavity', category: CATEGORY.morphologicallyAltered, type: localCode('RESECTION-CAVITY', 'Resection cavity'), cielab: [50000, 30000, 30000] },
  { value: TISSUE_STATE.radiationChange, label: 'radiation change', category: CATEGORY.tissue, type: localCode('RADIATION-CHANGE', 'Radiation-induced liver change'), cielab: [55000, 40000, 55000] },
  { value: TISSUE_STATE.growth, label: 'tumour growth', category: CATEGORY.morphologicallyAltered, type: localCode('TUMOUR-GROWTH', 'Tumour growth beyond baseline'), cielab: [45000, 58000, 52000] },
  { value: TISSUE_STATE.regressed, label: 'regressed tumour', category: CATEGORY.tissue, type: localCode('REGRESSED-TUMOUR', 'Regressed former tumour volume'), cielab: [60000, 30000, 40000] },
];

export async function exportPlanDicom(planDir: string, outDir: string, opts: ExportPlanDicomOptions = {}): Promise<DicomExportManifest> {
  const planName = opts.names?.planDir ?? 'planDir';
  const outName = opts.names?.outDir ?? 'outDir';
  const out = resolve(outDir);
  const folder = await openPlanFolder(planDir, planName);
  const { report, reportBytes, dir: plan } = folder;
  const identity = exportIdentity(report, sha256Hex(reportBytes));
  const bundleFile = folder.file;

  const existing = await stat(out).catch(() => undefined);
  if (existing && (!existing.isDirectory() || (await readdir(out)).length > 0)) {
    throw new PlannerInputError(outName, 'exists and is not an empty folder; give a new folder (nothing is overwritten)');
  }
  await mkdir(dirname(out), { recursive: true });
  const tmp = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`));
  const objects: ExportedObject[] = [];
  const put = async (rel: string, dataset: NaturalDataset, meta: Omit<ExportedObject, 'path' | 'sopClassUid' | 'sopInstanceUid' | 'seriesInstanceUid'>) => {
    const bytes = encodePart10(dataset);
    await mkdir(dirname(join(tmp, rel)), { recursive: true });
    await writeFile(join(tmp, rel), bytes);
    const o: ExportedObject = { path: rel, sopClassUid: String(dataset.SOPClassUID), sopInstanceUid: String(dataset.SOPInstanceUID), seriesInstanceUid: String(dataset.SeriesInstanceUID), ...meta };
    objects.push(o);
    opts.onObject?.(o, objects.length);
  };

  try {
    const ct = readNifti(await bundleFile('ct.nii.gz')).volume;
    const lesionMask = readNiftiLabels(await bundleFile('lesion-mask.nii.gz'));
    const modelLine = modelsLine(report);

    // the pre-treatment CT
    let sourceSeriesUid: string;
    let sourceImage: (k: number) => SourceImage;
    const sourceFiles = report.files.filter((f) => f.role === 'source-dicom');
    if (identity.source && sourceFiles.length > 0) {
      const ref = identity.source;
      sourceSeriesUid = ref.seriesInstanceUid;
      sourceImage = (k) => ({ sopClassUid: ref.sopClassUid, ...ref.slices[k]! });
      if (ref.slices.length !== ct.dims[2]) throw new PlannerInputError(planName, `report.json's DICOM reference names ${ref.slices.length} slices for a CT of ${ct.dims[2]}`);
      // the files are the series' instances in slice order (a multi-frame file holds several slices)
      const instanceUids = [...new Set(ref.slices.map((s) => s.sopInstanceUid))];
      await mkdir(join(tmp, 'source-ct'), { recursive: true });
      for (const [i, f] of sourceFiles.entries()) {
        const rel = `source-ct/${basename(f.path)}`;
        await writeFile(join(tmp, rel), await bundleFile(f.path));
        objects.push({ path: rel, kind: 'source-ct', sopClassUid: ref.sopClassUid, sopInstanceUid: instanceUids[i] ?? '', seriesInstanceUid: ref.seriesInstanceUid });
      }
    } else {
      sourceSeriesUid = identity.uid('series/source-ct');
      const uidOf = (k: number) => identity.uid(`instance/source-ct/${k}`);
      sourceImage = (k) => ({ sopClassUid: CT_IMAGE_STORAGE, sopInstanceUid: uidOf(k) });
      const phantom = report.case.lesionSource.kind === 'phantom';
      for (let k = 0; k < ct.dims[2]; k++) {
        await put(`source-ct/${pad(k + 1)}.dcm`, ctSliceDataset(ct, k, identity, {
          seriesInstanceUid: sourceSeriesUid, seriesNumber: SERIES.source, instanceUid: uidOf,
          seriesDescription: `${RESEARCH_USE_SERIES_PREFIX}: plan input CT${phantom ? ' (phantom)' : ''}`,
          synthetic: phantom,
          derivation: phantom ? 'MeWM procedural abdominal phantom (synthetic CT)' : 'MeWM plan input CT, re-encoded from NIfTI (HU, rounded to integers)',
          comments: `${RESEARCH_USE_LABEL}. ${modelLine}`,
        }), { kind: 'source-ct' });
      }
    }

    // the lesions (SEG on the pre-treatment CT), segment n = the n-th lesion of the report
    const lesionSegUid = identity.uid('instance/lesion-seg');
    const lesionSegments: SegmentSpec[] = report.lesions.map((l) => ({
      value: l.label, label: `Lesion ${l.label}`, description: `${l.volumeMl.toFixed(1)} mL, ${l.longestAxialDiameterMm.toFixed(0)} mm (baseline)`,
      category: CATEGORY.morphologicallyAltered, type: NEOPLASM, cielab: [54000, 51000, 49000],
    }));
    const lesionSeg = segDataset(lesionMask, identity, {
      sopInstanceUid: lesionSegUid, seriesInstanceUid: identity.uid('series/lesion-seg'), seriesNumber: SERIES.lesionSeg,
      seriesDescription: `${RESEARCH_USE_SERIES_PREFIX}: lesions (baseline)`, contentLabel: 'LESIONS',
      contentDescription: 'Baseline liver lesions marked for the MeWM plan', segments: lesionSegments,
      referenced: { seriesInstanceUid: sourceSeriesUid, image: sourceImage }, algorithmName: `mewm ${identity.softwareVersion}`,
    });
    const segmentOfLesion = new Map<number, number>();
    if (lesionSeg) {
      (lesionSeg.SegmentSequence as Array<{ SegmentNumber: number; SegmentLabel: string }>).forEach((s) => segmentOfLesion.set(Number(s.SegmentLabel.replace('Lesion ', '')), s.SegmentNumber));
      await put('lesion-seg.dcm', lesionSeg, { kind: 'lesion-seg' });
    }

    // each simulated follow-up: a CT series and its tissue-state SEG
    const simulated = new Map<string, string>();
    for (const c of report.candidates) {
      const folder = `r${c.rank}-${slug(c.name)}`;
      const samples = opts.samples === 'first' ? c.samples.slice(0, 1) : c.samples;
      for (const s of samples) {
        const volumeEntry = report.files.find((f) => f.role === 'sample-volume' && f.candidate === c.name && f.sample === s.index);
        const statesEntry = report.files.find((f) => f.role === 'sample-states' && f.candidate === c.name && f.sample === s.index);
        if (!volumeEntry || !statesEntry) throw new PlannerInputError(planName, `report.json lists no volumes for ${c.name}, ${sampleLabel(s.index)}`);
        const volume: Volume = readNifti(await bundleFile(volumeEntry.path)).volume;
        const states: LabelVolume = readNiftiLabels(await bundleFile(statesEntry.path));
        const role = `candidate/${c.rank}/sample/${s.index}`;
        const seriesUid = identity.uid(`series/${role}/ct`);
        simulated.set(`${c.rank}/${s.index}`, seriesUid);
        const uidOf = (k: number) => identity.uid(`instance/${role}/ct/${k}`);
        const dir = `${folder}/sample-${sampleNumber(s.index)}`;
        const description = `${RESEARCH_USE_SERIES_PREFIX}: simulated R${c.rank} ${c.name} s${sampleNumber(s.index)}`;
        for (let k = 0; k < volume.dims[2]; k++) {
          await put(`${dir}/ct/${pad(k + 1)}.dcm`, ctSliceDataset(volume, k, identity, {
            seriesInstanceUid: seriesUid, seriesNumber: sampleSeriesNumber(c.rank, s.index, false), seriesDescription: description,
            instanceUid: uidOf, synthetic: true, sourceImage,
            derivation: `Simulated post-treatment CT: ${c.name} (${c.description}), ${sampleLabel(s.index)} of ${report.settings.samples}, seed ${s.seed}; ${modelLine}`,
            comments: `${RESEARCH_USE_LABEL}. Simulated image, not an acquisition. ${modelLine}`,
          }), { kind: 'simulated-ct', candidate: c.name, rank: c.rank, sample: s.index });
        }
        const statesSeg = segDataset(states, identity, {
          sopInstanceUid: identity.uid(`instance/${role}/states-seg`), seriesInstanceUid: identity.uid(`series/${role}/states-seg`),
          seriesNumber: sampleSeriesNumber(c.rank, s.index, true), seriesDescription: `${RESEARCH_USE_SERIES_PREFIX}: tissue states R${c.rank} s${sampleNumber(s.index)}`,
          contentLabel: 'TISSUE_STATES', contentDescription: ascii(`Simulated tissue states: ${c.name}, ${sampleLabel(s.index)}`, 64),
          segments: STATE_SEGMENTS, algorithmName: ascii(`${report.models.dynamics.name} ${report.models.dynamics.version}`, 64),
          referenced: { seriesInstanceUid: seriesUid, image: (k) => ({ sopClassUid: CT_IMAGE_STORAGE, sopInstanceUid: uidOf(k) }) },
        });
        if (statesSeg) await put(`${dir}/states-seg.dcm`, statesSeg, { kind: 'states-seg', candidate: c.name, rank: c.rank, sample: s.index });
      }
    }

    // the measurements and ranking (SR), then the PDF
    const evidence = objects.filter((o) => o.kind === 'lesion-seg' || o.kind === 'states-seg').map((o) => ({ seriesInstanceUid: o.seriesInstanceUid, sopClassUid: o.sopClassUid, sopInstanceUid: o.sopInstanceUid }));
    if (evidence.length === 0) evidence.push({ seriesInstanceUid: sourceSeriesUid, ...sourceImage(0) });
    await put('plan-sr.dcm', planSrDataset(report, identity, {
      sopInstanceUid: identity.uid('instance/sr'), seriesInstanceUid: identity.uid('series/sr'), seriesNumber: SERIES.sr,
      lesionSeg: lesionSeg ? { sopInstanceUid: lesionSegUid, seriesInstanceUid: String(lesionSeg.SeriesInstanceUID), segmentOfLesion } : undefined,
      sourceSeriesInstanceUid: sourceSeriesUid,
      simulatedSeries: (rank, index) => simulated.get(`${rank}/${index}`),
      evidence,
    }), { kind: 'sr' });
    await put('report-pdf.dcm', encapsulatedPdfDataset(await readFile(join(plan, 'report.pdf')).catch(() => {
      throw new PlannerInputError(planName, 'lacks report.pdf');
    }), identity, {
      sopInstanceUid: identity.uid('instance/pdf'), seriesInstanceUid: identity.uid('series/pdf'), seriesNumber: SERIES.pdf,
    }), { kind: 'pdf' });

    const manifest: DicomExportManifest = {
      kind: 'mewm-dicom-export', researchUse: RESEARCH_USE_LABEL, studyInstanceUid: identity.studyInstanceUid,
      joinsSourceStudy: identity.source !== undefined, objects,
    };
    await writeFile(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (await stat(out).catch(() => undefined)) await rmdir(out);
    await rename(tmp, out);
    return manifest;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

function modelsLine(r: PlanReport): string {
  const m = r.models;
  return `models: dynamics ${m.dynamics.name} ${m.dynamics.version}, renderer ${m.renderer.name} ${m.renderer.version}, risk ${m.risk.name} ${m.risk.version}; mewm ${r.software.version}`;
}

const pad = (n: number) => String(n).padStart(6, '0');

export type { ExportIdentity };
