#!/usr/bin/env bash
# Train the three nano models side by side, one torch thread each (the exact commands are in each training.json).
# On a 2-core machine shared with other work, one 2-thread run loses most of its time waiting at OpenMP barriers;
# three 1-thread runs keep both cores busy. Logs: tmp/train/<arch>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp/train
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1
for arch in mobilevig_nano mobilenetv2_nano pvig_nano; do
  /usr/bin/python3 training/train.py --arch "$arch" --out "public/nano/$arch" --threads 1 "$@" > "tmp/train/$arch.log" 2>&1 &
done
wait
