#!/usr/bin/env bash
# Ingest (de-identify) the shared real CT series to NIfTI and resample them to the renderer's model grid
# for training: .renderer-cache/nifti/*.nii.gz → .renderer-cache/train/*.npy (see prepare_data.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${MEWM_SHARED_DATA:-../shared/data}"
mkdir -p .renderer-cache/nifti
npx mewm ingest "$data/hcc-tace-seg-hcc048/dicom" --out .renderer-cache/nifti/hcc048.nii.gz
npx mewm ingest "$data/crlm-ct/CRLM-CT-1004" --out .renderer-cache/nifti/crlm1004.nii.gz
npx mewm ingest "$data/crlm-ct/CRLM-CT-1006" --out .renderer-cache/nifti/crlm1006.nii.gz
/usr/bin/python3 models/renderer/prepare_data.py
