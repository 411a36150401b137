"""Print the Python side's versions as JSON (python, torch, numpy, torch threads, BLAS, machine).

The record docs/records/python-env.json is this script's output on the machine that trained the nano models and
made the PyTorch references: `/usr/bin/python3 training/versions.py > docs/records/python-env.json`.
"""

import json
import platform
import re
import subprocess
import sys
from datetime import datetime, timezone

import numpy
import torch


def debian_package(name):
    """The Debian package's version (torch.__version__ of Debian's build reads 1.13.0a0 for 1.13.1+dfsg)."""
    try:
        out = subprocess.run(['dpkg-query', '-W', '-f=${Version}', name], capture_output=True, text=True, check=True)
        return out.stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def versions():
    blas = re.search(r'BLAS_INFO=([^,]+)', torch.__config__.show())
    return {
        'python': platform.python_version(),
        'python_executable': sys.executable,
        'torch': torch.__version__,
        'torch_debug': torch.version.debug,
        'numpy': numpy.__version__,
        'debian_packages': {p: debian_package(p) for p in ('python3', 'python3-torch', 'python3-numpy', 'flake8')},
        'blas_info': blas.group(1) if blas else None,
        'machine': f'{platform.system()} {platform.machine()}',
        'date': datetime.now(timezone.utc).strftime('%Y-%m-%d'),
    }


if __name__ == '__main__':
    print(json.dumps(versions(), indent=1))
