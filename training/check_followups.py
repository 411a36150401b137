"""Checks the PyTorch x_j of the successors' graphs (training/nano_models.py: mgc_xj, dagc_xj, agc_xj) against the
golden data of the official code (tests/fixtures/golden/followups, written from the official repositories).

  /usr/bin/python3 training/check_followups.py            # exit 0 when every case is within the tolerance

Each op case feeds the case's graph_in.bin to our function and compares with its x_j.bin (max |difference|; the
tolerance is float32 rounding, 1e-5 of the values' scale; DAGC's masks must match exactly, which its golden margin
of ≥ 3.4e-4 to the threshold makes a fair requirement).
"""
import json
import os
import sys

import numpy as np
import torch

import nano_models

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'golden', 'followups')
TOL = 1e-5


def load(folder, name, shape):
    return torch.from_numpy(np.fromfile(os.path.join(folder, name), dtype='<f4').reshape(shape).copy())


def main():
    worst, n = 0.0, 0
    for family in ('mgc', 'dagc', 'agc'):
        manifest = json.load(open(os.path.join(ROOT, family, 'manifest.json')))
        for case in manifest['cases']:
            if case['cls'] not in ('MRConv4d', 'DynamicMRConv4d', 'AdaptConv') or case['case'].startswith('block'):
                continue
            folder = os.path.join(ROOT, family, case['case'])
            shape = (case['B'], case['C'], case['H'], case['W'])
            x, want = load(folder, 'graph_in.bin', shape), load(folder, 'x_j.bin', shape)
            K = case['args']['K']
            if family == 'mgc':
                got = nano_models.mgc_xj(x, K)
            elif family == 'dagc':
                got = nano_models.dagc_xj(x, K)
            else:
                got = nano_models.agc_xj(x, K, torch.tensor(case['temperature']))
            diff = (got - want).abs().max().item()
            scale = max(want.abs().max().item(), 1.0)
            ok = diff <= TOL * scale
            worst = max(worst, diff / scale)
            n += 1
            print(f"{'ok ' if ok else 'BAD'} {family}/{case['case']}: max |diff| {diff:.3g} (scale {scale:.3g})")
            if not ok:
                sys.exit(1)
    if n == 0:
        sys.exit('no op cases found')
    print(f'{n} cases, worst relative difference {worst:.3g} (tolerance {TOL})')


if __name__ == '__main__':
    main()
