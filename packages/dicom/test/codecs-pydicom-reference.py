"""Reference data for codecs-*.test.ts, computed with pydicom at test time.

Usage: python3 codecs-pydicom-reference.py OUT_DIR CASES_JSON
CASES_JSON is a list of {"id", "file", "frame", "ref_file", "ref_frame"}; for each case this
writes OUT_DIR/<id>.frame.bin (the encapsulated frame's bytes, as pydicom splits them),
OUT_DIR/<id>.ref.bin (the reference file's pixel_array for ref_frame as little-endian int64,
pixel-interleaved) and adds the pixel module of `file` to OUT_DIR/manifest.json.
"""
import json
import sys

import numpy as np
import pydicom
from pydicom.encaps import generate_pixel_data_frame

out_dir, cases_json = sys.argv[1], sys.argv[2]
manifest = {}
for case in json.loads(cases_json):
    ds = pydicom.dcmread(case["file"])
    n_frames = int(ds.get("NumberOfFrames", 1) or 1)
    frames = list(generate_pixel_data_frame(ds.PixelData, n_frames))
    with open(f"{out_dir}/{case['id']}.frame.bin", "wb") as f:
        f.write(frames[case["frame"]])
    ref = pydicom.dcmread(case["ref_file"])
    arr = ref.pixel_array
    if int(ref.get("NumberOfFrames", 1) or 1) > 1:
        arr = arr[case["ref_frame"]]
    arr.astype("<i8").tofile(f"{out_dir}/{case['id']}.ref.bin")
    manifest[case["id"]] = {
        "transferSyntaxUid": str(ds.file_meta.TransferSyntaxUID),
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "bitsAllocated": int(ds.BitsAllocated),
        "bitsStored": int(ds.BitsStored),
        "pixelRepresentation": int(ds.PixelRepresentation),
        "samplesPerPixel": int(ds.SamplesPerPixel),
        "photometricInterpretation": str(ds.PhotometricInterpretation),
        "refTransferSyntaxUid": str(ref.file_meta.TransferSyntaxUID),
        "refShape": list(arr.shape),
    }
with open(f"{out_dir}/manifest.json", "w") as f:
    json.dump(manifest, f)
