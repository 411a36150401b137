#!/usr/bin/env bash
# Train the three nano models one after another (the exact commands recorded in each training.json).
set -euo pipefail
cd "$(dirname "$0")/.."
for arch in mobilevig_nano mobilenetv2_nano pvig_nano; do
  /usr/bin/python3 training/train.py --arch "$arch" --out "public/nano/$arch" "$@"
done
