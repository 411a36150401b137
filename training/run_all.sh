#!/usr/bin/env bash
# Train the three nano models, one torch thread per run, in two lanes that keep both cores of a 2-core machine
# busy: pvig_nano (the slowest) in one, mobilevig_nano then mobilenetv2_nano in the other. One 2-thread run
# loses much of its time at OpenMP barriers when the machine does anything else. The exact command of each run
# is in its training.json. Logs: tmp/train/<arch>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp/train
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1
train() { /usr/bin/python3 training/train.py --arch "$1" --out "public/nano/$1" --threads 1 "${@:2}" > "tmp/train/$1.log" 2>&1; }
train pvig_nano "$@" &
{ train mobilevig_nano "$@" && train mobilenetv2_nano "$@"; } &
wait
