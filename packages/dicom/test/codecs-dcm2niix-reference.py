"""Reference for codecs-jpeg2000-series.test.ts: convert a DICOM folder with dcm2niix (its own
OpenJPEG build) and dump the unscaled voxels with nibabel.

Usage: python3 codecs-dcm2niix-reference.py DICOM_DIR OUT_DIR
Writes OUT_DIR/volume.bin (int32 little-endian, slice-major: x fastest, then y, then z) and
OUT_DIR/volume.json ({"shape": [x, y, z], "slope": s, "inter": i}).
"""
import glob
import json
import subprocess
import sys

import nibabel as nib
import numpy as np

dicom_dir, out_dir = sys.argv[1], sys.argv[2]
subprocess.run(["dcm2niix", "-z", "n", "-b", "n", "-f", "ref", "-o", out_dir, dicom_dir],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
(path,) = glob.glob(f"{out_dir}/ref*.nii")
img = nib.load(path)
raw = np.asarray(img.dataobj.get_unscaled())
assert raw.ndim == 3, raw.shape
raw.transpose(2, 1, 0).astype("<i4").tofile(f"{out_dir}/volume.bin")
slope, inter = img.header.get_slope_inter()
with open(f"{out_dir}/volume.json", "w") as f:
    json.dump({"shape": list(raw.shape), "slope": None if slope is None else float(slope),
               "inter": None if inter is None else float(inter)}, f)
