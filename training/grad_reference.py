"""Reference gradients for the TypeScript training engine (src/train/), from PyTorch autograd.

  /usr/bin/python3 training/grad_reference.py --out tests/fixtures/train

For each nano model, from its shipped weights (public/nano/<arch>/model.pth), on the first 64 images of the
official Fashion-MNIST training set (stored in the fixture, so tests need no data set):
  1. one SGD step (lr 0.1, momentum 0.9, no weight decay) on images 0-15 in train mode, no augmentation, no label
     smoothing: the loss, every parameter's gradient, the BatchNorm running statistics after the step;
  2. 20 AdamW steps (lr 1e-3, weight decay 0.05, 5 warm-up steps then cosine, as src/train/schedule.ts) on
     batches of 16 taken in order from the 64 images, wrapping: the loss of every step.
MobileNetV2's classifier dropout (p = 0.2) is set to 0: the engine's train mode has no dropout.
Gradients are stored in full for parameters of up to SAMPLE values, else at SAMPLE evenly strided indices
(i = floor(j * numel / SAMPLE)) together with the full gradient's norm, to keep the files small.
"""
import argparse
import json
import math
import os

import torch
import torch.nn.functional as F

import fashion
import nano_models

ARCHS = ['mobilevig_nano', 'pvig_nano', 'mobilenetv2_nano']
SAMPLE = 4096
BATCH = 16
IMAGES = 64


def build(arch, root):
    model = nano_models.build(arch)
    sd = torch.load(os.path.join(root, 'public', 'nano', arch, 'model.pth'), map_location='cpu')['model']
    model.load_state_dict(sd)
    if arch == 'mobilenetv2_nano':
        model.classifier[0].p = 0.0
    return model


def lr_factor(s, steps, warmup):
    if s < warmup:
        return (s + 1) / warmup
    return 0.5 * (1 + math.cos(math.pi * min(s - warmup, steps - warmup) / (steps - warmup)))


def sgd_step(arch, root, x, y):
    model = build(arch, root)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss = F.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    grads, index, offset = [], [], 0
    for name, p in model.named_parameters():
        if p.grad is None:
            continue
        g = p.grad.detach().flatten()
        n = g.numel()
        if n <= SAMPLE:
            picked, sampled = g, False
        else:
            picked, sampled = g[torch.tensor([j * n // SAMPLE for j in range(SAMPLE)])], True
        grads.append(picked)
        index.append({'key': name, 'numel': n, 'offset': offset, 'count': picked.numel(), 'sampled': sampled,
                      'norm': g.double().norm().item()})
        offset += picked.numel()
    opt.step()
    stats = {k: v.flatten().tolist() for k, v in model.state_dict().items() if k.endswith(('running_mean', 'running_var'))}
    return loss.item(), torch.cat(grads), index, stats


def adamw_losses(arch, root, x, y, steps=20, warmup=5):
    model = build(arch, root)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(s, steps, warmup))
    losses = []
    for s in range(steps):
        i = (s * BATCH) % IMAGES
        loss = F.cross_entropy(model(x[i:i + BATCH]), y[i:i + BATCH])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
    return losses


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--out', default='tests/fixtures/train')
    p.add_argument('--arch', action='append', choices=ARCHS, help='default: all three')
    args = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    images, labels = fashion.load_split(args.data, 'train')
    u8, y = images[:IMAGES].contiguous(), labels[:IMAGES].long()
    os.makedirs(args.out, exist_ok=True)
    u8.numpy().astype('u1').tofile(os.path.join(args.out, 'images-64.u8'))
    y.numpy().astype('u1').tofile(os.path.join(args.out, 'labels-64.u8'))
    x = fashion.to_input(u8)
    for arch in args.arch or ARCHS:
        loss, grads, index, stats = sgd_step(arch, root, x[:BATCH], y[:BATCH])
        grads.numpy().astype('<f4').tofile(os.path.join(args.out, f'{arch}-grads.f32'))
        record = {
            'arch': arch,
            'torch_version': torch.__version__,
            'batch': 'the first 16 images of the official training set (images-64.u8, labels-64.u8)',
            'sgd': {'lr': 0.1, 'momentum': 0.9, 'loss': loss, 'grads': f'{arch}-grads.f32', 'params': index,
                    'running_stats_after': stats},
            'adamw': {'lr': 1e-3, 'weight_decay': 0.05, 'steps': 20, 'warmup_steps': 5, 'batch': BATCH,
                      'losses': adamw_losses(arch, root, x, y)},
        }
        with open(os.path.join(args.out, f'{arch}.json'), 'w') as f:
            json.dump(record, f)
        print(f'{arch}: loss {loss:.6f}, {len(index)} parameters, {grads.numel()} gradient values stored', flush=True)


if __name__ == '__main__':
    main()
