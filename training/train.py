"""Train one Fashion-MNIST nano model and write what the site needs next to its weights.

  /usr/bin/python3 training/train.py --arch mobilevig_nano --out public/nano/mobilevig_nano

Writes into --out: model.pth ({'model': state_dict}, torch.save, read by the site's own .pth reader),
training.json (the training record), pytorch-predictions.u8 (PyTorch's class for each of the 10,000 test
images, which `npm run eval` compares with the TypeScript model's) and pytorch-logits-64.f32 (logits of the
first 64 test images, for the parity test).
"""
import argparse
import json
import math
import os
import platform
import shlex
import sys
import time

import torch
import torch.nn.functional as F

import fashion
import nano_models


def evaluate(model, images, labels, batch=500):
    model.eval()
    preds = []
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = fashion.to_input(images[i:i + batch]).contiguous(memory_format=torch.channels_last)
            preds.append(model(x).argmax(1))
    preds = torch.cat(preds)
    return preds, (preds == labels).float().mean().item()


def fit(model, train_x, train_y, gen, *, epochs, batch, lr, weight_decay, label_smoothing, warmup, max_steps=0,
        name='', after_epoch=None):
    """The one training loop (train.py and ablation.py): AdamW, `warmup` steps of linear warm-up then cosine to 0,
    label smoothing, flips and shifts from `gen`. after_epoch(model) returns what to add to the epoch's history
    entry. Returns (history, steps)."""
    opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=lr, weight_decay=weight_decay)
    total = math.ceil(len(train_x) / batch) * epochs
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warmup if s < warmup else 0.5 * (1 + math.cos(math.pi * (s - warmup) / (total - warmup))))
    history, step, start = [], 0, time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(train_x), generator=gen)
        seen, loss_sum = 0, 0.0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            x = fashion.to_input(fashion.augment(train_x[idx], gen)).contiguous(memory_format=torch.channels_last)
            loss = F.cross_entropy(model(x), train_y[idx], label_smoothing=label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            seen += len(idx)
            loss_sum += loss.item() * len(idx)
            if step % 50 == 0:
                print(f'{name} epoch {epoch + 1} step {step}/{total} loss {loss_sum / seen:.4f} '
                      f'{time.time() - start:.0f} s', flush=True)
            if max_steps and step >= max_steps:
                break
        entry = {'epoch': epoch + 1, 'train_loss': round(loss_sum / max(seen, 1), 5)}
        entry.update(after_epoch(model) if after_epoch else {})
        entry['seconds'] = round(time.time() - start, 1)
        history.append(entry)
        print(f'{name} epoch {epoch + 1}: ' + ', '.join(f'{k} {v}' for k, v in entry.items() if k != 'epoch'), flush=True)
        if max_steps and step >= max_steps:
            break
    return history, step


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--arch', required=True, choices=sorted(nano_models.CONFIGS))
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--out', required=True)
    p.add_argument('--epochs', type=int, default=8)
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--weight-decay', type=float, default=0.05)
    p.add_argument('--label-smoothing', type=float, default=0.1)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--max-steps', type=int, default=0, help='stop after this many steps (smoke tests); 0 = all')
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed + 1)  # data order and augmentation
    train_x, train_y = fashion.load_split(args.data, 'train')
    test_x, test_y = fashion.load_split(args.data, 'test')

    model = nano_models.build(args.arch)
    nano_models.init_weights(model)
    model = model.to(memory_format=torch.channels_last)
    steps_per_epoch = math.ceil(len(train_x) / args.batch)
    os.makedirs(args.out, exist_ok=True)
    start = time.time()
    history, step = fit(model, train_x, train_y, gen, epochs=args.epochs, batch=args.batch, lr=args.lr,
                        weight_decay=args.weight_decay, label_smoothing=args.label_smoothing,
                        warmup=steps_per_epoch, max_steps=args.max_steps, name=args.arch,
                        after_epoch=lambda m: {'test_accuracy': evaluate(m, test_x, test_y)[1]})
    wall = time.time() - start

    model = model.to(memory_format=torch.contiguous_format)
    preds, acc = evaluate(model, test_x, test_y)
    sd = {k: v.contiguous() for k, v in model.state_dict().items()}
    torch.save({'model': sd}, os.path.join(args.out, 'model.pth'))
    preds.to(torch.uint8).numpy().tofile(os.path.join(args.out, 'pytorch-predictions.u8'))
    with torch.no_grad():  # logits of the first 64 test images, for the TypeScript parity test
        model(fashion.to_input(test_x[:64])).numpy().astype('<f4').tofile(os.path.join(args.out, 'pytorch-logits-64.f32'))
    record = {
        'arch': args.arch,
        'weights': 'model.pth',
        'dataset': 'Fashion-MNIST (Debian dataset-fashion-mnist, MIT licence): 60,000 training, 10,000 test images',
        'input': 'grey 28×28 → /255 → (v − 0.2860) / 0.3530 → 2× nearest-neighbour upsampling to 56×56 → copied to 3 channels',
        'config': nano_models.CONFIGS[args.arch],
        'trainable_parameters': nano_models.trainable_params(model),
        'command': ' '.join(shlex.quote(a) for a in ['/usr/bin/python3', *sys.argv]),
        'seeds': {'torch.manual_seed': args.seed, 'data_generator': args.seed + 1},
        'hyperparameters': {'epochs': args.epochs, 'batch': args.batch, 'optimizer': 'AdamW', 'lr': args.lr,
                            'schedule': '1 epoch linear warm-up, then cosine to 0', 'weight_decay': args.weight_decay,
                            'label_smoothing': args.label_smoothing,
                            'augmentation': 'random horizontal flip, random shift ≤ 2 px (28×28, zero padded)'},
        'steps': step,
        'wall_time_s': round(wall, 1),
        'machine': f'{platform.machine()}, {os.cpu_count()} CPUs, {args.threads} torch threads, no GPU',
        'torch_version': torch.__version__,
        'python_version': platform.python_version(),
        'pytorch_accuracy': acc,
        'pytorch_predictions': 'pytorch-predictions.u8',
        'pytorch_logits': 'pytorch-logits-64.f32 (float32 [64, 10], the first 64 test images)',
        'history': history,
    }
    with open(os.path.join(args.out, 'training.json'), 'w') as f:
        json.dump(record, f, indent=2, ensure_ascii=False)
        f.write('\n')
    print(f'{args.arch}: PyTorch test accuracy {acc:.4f}, {wall:.0f} s; wrote {args.out}', flush=True)


if __name__ == '__main__':
    main()
