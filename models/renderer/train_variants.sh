#!/usr/bin/env bash
# Train several renderer variants side by side on one GPU (each its own process; the small UNet does
# not fill an H200 alone), each for the same time budget, then list steps and held-out v-loss.
#   models/renderer/train_variants.sh <out dir> <minutes> <variant>...   (variants/<variant>.json)
# PYTHON picks the interpreter (default: the first of python3, /usr/bin/python3 whose torch sees CUDA).
# PACK=1 packs <out dir> into <out dir>.tar when done (the device tool returns only a few files).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$1"; minutes="$2"; shift 2
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for p in python3 /usr/bin/python3; do
    if "$p" -c 'import torch, numpy; assert torch.cuda.is_available()' 2>/dev/null; then py="$p"; break; fi
  done
fi
[ -n "$py" ] || { echo "no python with CUDA torch found" >&2; exit 2; }
"$py" -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0))'
pids=()
for v in "$@"; do
  mkdir -p "$out/$v"
  "$py" models/renderer/train.py --device cuda --config "models/renderer/variants/$v.json" --minutes "$minutes" \
    --out "$out/$v" > "$out/$v/train.log" 2>&1 &
  pids+=("$!")
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for v in "$@"; do echo "== $v"; tail -n 2 "$out/$v/train.log"; done
if [ "${PACK:-0}" = 1 ]; then tar -C "$out" -cf "$out.tar" . && rm -rf "$out"; fi
exit "$status"
