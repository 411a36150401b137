"""Fashion-MNIST idx files, and the one mapping from a 28×28 grey image to the nano models' input."""
import gzip
import os

import numpy as np
import torch

# Mean and std of the 60,000 training images' pixels (/255), the same numbers as src/model/nano/input.ts.
MEAN, STD = 0.2860, 0.3530
CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(data_dir, stem):
    for name in (stem, stem + '.gz'):
        p = os.path.join(data_dir, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f'{stem}(.gz) not found in {data_dir}')


def load_split(data_dir, split):
    prefix = 'train' if split == 'train' else 't10k'
    images = read_idx(find(data_dir, f'{prefix}-images-idx3-ubyte'))
    labels = read_idx(find(data_dir, f'{prefix}-labels-idx1-ubyte'))
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))


def to_input(u8):
    """[B, 28, 28] uint8 → [B, 3, 56, 56] float: /255, normalise, 2× nearest-neighbour upsampling, grey to 3 channels."""
    x = (u8.float() / 255 - MEAN) / STD
    x = x.repeat_interleave(2, 1).repeat_interleave(2, 2)
    return x.unsqueeze(1).expand(-1, 3, -1, -1).contiguous()


def augment(u8, gen):
    """Random horizontal flip and a random shift of up to 2 pixels (zero padded), on the 28×28 images."""
    b = u8.shape[0]
    flip = torch.rand(b, generator=gen) < 0.5
    u8 = torch.where(flip[:, None, None], u8.flip(2), u8)
    padded = torch.nn.functional.pad(u8, (2, 2, 2, 2))
    dy = torch.randint(0, 5, (b,), generator=gen)
    dx = torch.randint(0, 5, (b,), generator=gen)
    rows = (dy[:, None] + torch.arange(28)[None, :])[:, :, None]
    cols = (dx[:, None] + torch.arange(28)[None, :])[:, None, :]
    return padded[torch.arange(b)[:, None, None], rows, cols]
