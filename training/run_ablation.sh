#!/usr/bin/env bash
# The graph ablation (training/ablation.py) in two lanes of one torch thread each, at nice 19 so that it yields to
# everything else on a shared machine. Both lanes take runs from the same queue (claim files), in its order; a
# finished record is skipped, so rerunning continues an interrupted ablation. Logs: tmp/ablation/lane-<n>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp/ablation
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1
lane() { nice -n 19 /usr/bin/python3 training/ablation.py --threads 1 "${@:2}" > "tmp/ablation/lane-$1.log" 2>&1; }
lane 1 "$@" &
sleep 5 # the second lane claims the second run of the queue
lane 2 "$@" &
wait
