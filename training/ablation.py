"""The graph ablation: every graph condition of MobileViG-Nano and ViG-Nano retrained from scratch with one recipe.

  /usr/bin/python3 training/ablation.py                    # the whole queue (skips finished records)
  training/run_ablation.sh                                 # the same in two lanes of one thread, at nice 19
  /usr/bin/python3 training/ablation.py --only mobilevig_nano-knn-s0 --max-steps 20 --out tmp/ablation/parity

Graph names and definitions: docs/graph-conditions.md (the names of `npm run eval -- --graph`). Each finished run
writes <out>/<arch>-<graph>-s<seed>/training.json (its record) and pytorch-predictions.u8 (PyTorch's class for each
of the 10,000 official test images; `npm run eval` compares with it), the weights of seed 0 as model.pth beside
them ({'model': state_dict}, the official keys; `agc` adds <grapher>.graph_conv.temperature), other seeds' weights
under tmp/ablation/weights/. After every run <out>/index.json lists every record there. A run whose record exists is
skipped, so an interrupted ablation continues where it stopped; several drivers at once (lanes) share the queue
through claim files (--claims, default tmp/ablation/claims/).
"""
import argparse
import fcntl
import json
import os
import platform
import shlex
import sys
import time

import torch

import fashion
import nano_models
from train import evaluate, fit

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
SUBSET = 2000  # the shipped test subset: the first 2,000 official test images (public/nano/subset.json)

# seed 0 of every condition first, MobileViG-Nano's (the cheaper runs, and the question of the issue: SVGA against
# KNN inside one model) before ViG-Nano's, then the second seeds of each model's own graph, KNN and self-loops
# (issue 20: at least 2 seeds for those), the slow ViG-Nano one last. On a starved machine the front ships first.
QUEUE = ([('mobilevig_nano', g, 0) for g in ('svga', 'knn', 'self', 'grid', 'random', 'knn9', 'mgc', 'dagc', 'agc')]
         + [('pvig_nano', 'knn9', 0), ('pvig_nano', 'svga', 0)]
         + [('mobilevig_nano', 'svga', 1), ('mobilevig_nano', 'knn', 1), ('mobilevig_nano', 'self', 1),
            ('pvig_nano', 'knn9', 1)])

GRAPH_NOTES = {
    'svga': "SVGA's fixed graph (ViG-Nano: as neighbour lists svgaWithSelf(side, side, 2))",
    'knn': 'KNN over the Grapher features, k = 7 (SVGA degree + itself), per image, no position bias, no dilation',
    'knn9': 'KNN with k = 9 (ViG-Nano: its own, with position bias and dilation, rebuilt in every block)',
    'grid': '3×3 grid, no wrap, border nodes repeat themselves',
    'random': 'random graph of the same degree (itself + others), drawn once by randomGraph (mulberry32), fixed for '
              'every image and step, not redrawn',
    'self': 'only self-loops (x_j = 0)',
    'mgc': "MobileViGv2's MGC (4 neighbours at ±2, neighbour − centre)",
    'dagc': "GreedyViG's DAGC (shifts 0, 2, 4, 6; L1 mask below μ − σ, a constant of the step)",
    'agc': "AdaptViG's AdaptConv gated graph (learnable temperature, init 1)",
}


def run_id(arch, graph, seed):
    return f'{arch}-{graph}-s{seed}'


def stratified_subset(labels, per_class, seed):
    """The first `per_class` images of each class in a permutation drawn from `seed`: the same for every run."""
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    picked = torch.cat([order[labels[order] == c][:per_class] for c in range(nano_models.NUM_CLASSES)])
    return picked.sort().values


def claim(claims, rid):
    """True when this process may run rid: an exclusive claim file, taken over when its owner is no longer alive."""
    path = os.path.join(claims, rid)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            return True
        except FileExistsError:
            try:
                pid = int(open(path).read() or 0)
                os.kill(pid, 0)
                return False  # its owner still runs it
            except (ValueError, ProcessLookupError):
                os.unlink(path)  # stale: the lane that claimed it died
    return False


def write_index(out, recipe):
    """index.json from every record in out (under a lock: lanes finish at any time)."""
    with open(os.path.join(out, '.index.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        runs = []
        order = {run_id(*q): i for i, q in enumerate(QUEUE)}
        for name in sorted(os.listdir(out), key=lambda n: (order.get(n, len(order)), n)):
            rec = os.path.join(out, name, 'training.json')
            if os.path.isfile(rec):
                r = json.load(open(rec))
                runs.append({k: r[k] for k in ('id', 'arch', 'graph', 'seed', 'accuracy', 'subset_accuracy',
                                               'wall_time_s', 'weights')})
        missing = [run_id(*q) for q in QUEUE if run_id(*q) not in {r['id'] for r in runs}]
        index = {'recipe': recipe, 'queue': [run_id(*q) for q in QUEUE], 'missing': missing, 'runs': runs}
        with open(os.path.join(out, 'index.json'), 'w') as f:
            json.dump(index, f, indent=2, ensure_ascii=False)
            f.write('\n')


def print_table(out):
    """The results as a Markdown table from index.json: accuracy mean ± sample std over the finished seeds."""
    index = json.load(open(os.path.join(out, 'index.json')))
    groups = {}
    for r in index['runs']:
        groups.setdefault((r['arch'], r['graph']), []).append(r)
    print('| arch | graph | seeds | accuracy (10,000), mean ± sd | per seed | shipped 2,000 (seed 0) | wall time per run |')
    print('|---|---|---|---|---|---|---|')
    for (arch, graph), runs in groups.items():
        acc = [r['accuracy'] for r in sorted(runs, key=lambda r: r['seed'])]
        mean = sum(acc) / len(acc)
        sd = (sum((a - mean) ** 2 for a in acc) / (len(acc) - 1)) ** 0.5 if len(acc) > 1 else None
        s0 = [r['subset_accuracy'] for r in runs if r['seed'] == 0]
        walls = ', '.join(f"{r['wall_time_s']:.0f} s" for r in runs)
        spread = f' ± {sd:.4f}' if sd is not None else ' (one seed)'
        print(f"| `{arch}` | `{graph}` | {', '.join(str(r['seed']) for r in runs)} | {mean:.4f}{spread} | "
              f"{', '.join(f'{a:.4f}' for a in acc)} | {f'{s0[0]:.4f}' if s0 else '–'} | {walls} |")
    if index.get('missing'):
        print(f"\nNot finished: {', '.join(index['missing'])}.")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--out', default=os.path.join(ROOT, 'public', 'nano', 'ablation'))
    p.add_argument('--claims', default=os.path.join(ROOT, 'tmp', 'ablation', 'claims'),
                   help='folder of the claim files the lanes of one ablation share')
    p.add_argument('--only', default='', help='comma-separated run ids (arch-graph-sSEED) instead of the queue')
    p.add_argument('--per-class', type=int, default=1500, help='training images per class (stratified subset)')
    p.add_argument('--subset-seed', type=int, default=1234, help='seed of the subset draw (the same for every run)')
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--weight-decay', type=float, default=0.05)
    p.add_argument('--label-smoothing', type=float, default=0.1)
    p.add_argument('--warmup-epochs', type=float, default=0.25)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--max-steps', type=int, default=0, help='stop each run after this many steps (parity checks)')
    p.add_argument('--reindex', action='store_true', help='only rewrite index.json from the records in --out')
    p.add_argument('--table', action='store_true', help='only print the results (index.json) as a Markdown table')
    p.add_argument('--eval-count', type=int, default=10000, help='test images for the final accuracy')
    args = p.parse_args()
    if args.table:
        print_table(args.out)
        return

    torch.set_num_threads(args.threads)
    train_x, train_y = fashion.load_split(args.data, 'train')
    test_x, test_y = fashion.load_split(args.data, 'test')
    test_x, test_y = test_x[:args.eval_count], test_y[:args.eval_count]
    pick = stratified_subset(train_y, args.per_class, args.subset_seed)
    train_x, train_y = train_x[pick], train_y[pick]
    steps_per_epoch = -(-len(train_x) // args.batch)
    warmup = max(1, round(args.warmup_epochs * steps_per_epoch))
    recipe = {
        'training_subset': f'{args.per_class} images per class of the 60,000 training images ({len(train_x)} in all), '
                           f'the first of each class in torch.randperm seeded {args.subset_seed}; the same for every run',
        'epochs': args.epochs, 'batch': args.batch, 'steps': steps_per_epoch * args.epochs, 'optimizer': 'AdamW',
        'lr': args.lr, 'weight_decay': args.weight_decay,
        'schedule': f'{warmup} steps ({args.warmup_epochs} epoch) of linear warm-up, then cosine to 0',
        'label_smoothing': args.label_smoothing,
        'augmentation': 'random horizontal flip, random shift ≤ 2 px (28×28, zero padded)',
        'init': 'Kaiming-normal convs (fan_out), zero biases (nano_models.init_weights)',
        'seeds': 'torch.manual_seed(seed); data order and augmentation from a generator seeded seed + 1',
        'input': 'grey 28×28 → /255 → (v − 0.2860) / 0.3530 → 2× nearest-neighbour upsampling to 56×56 → 3 channels',
        'accuracy': f'the first {args.eval_count} official test images (10,000 = all); subset_accuracy: the first '
                    f'{SUBSET} (the shipped subset, public/nano/subset.json)',
        'threads': args.threads,
    }
    if args.max_steps:
        recipe['max_steps'] = args.max_steps
    if args.reindex:
        write_index(args.out, recipe)
        return
    queue = QUEUE
    if args.only:
        known = {run_id(*q): q for q in QUEUE}
        queue = []
        for rid in args.only.split(','):
            arch, graph, seed = rid.rsplit('-', 2)
            nano_models.graph_name(arch, graph)
            queue.append(known.get(rid, (arch, graph, int(seed[1:]))))
    os.makedirs(args.out, exist_ok=True)
    claims = args.claims
    os.makedirs(claims, exist_ok=True)
    command = ' '.join(shlex.quote(a) for a in ['/usr/bin/python3', *sys.argv])

    for arch, graph, seed in queue:
        rid = run_id(arch, graph, seed)
        folder = os.path.join(args.out, rid)
        if os.path.isfile(os.path.join(folder, 'training.json')) or not claim(claims, rid):
            continue
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed + 1)
        model = nano_models.build(arch, graph)
        nano_models.init_weights(model)
        model = model.to(memory_format=torch.channels_last)
        print(f'{rid}: {nano_models.trainable_params(model)} parameters, {len(train_x)} training images', flush=True)
        start = time.time()
        history, step = fit(model, train_x, train_y, gen, epochs=args.epochs, batch=args.batch, lr=args.lr,
                            weight_decay=args.weight_decay, label_smoothing=args.label_smoothing, warmup=warmup,
                            max_steps=args.max_steps, name=rid,
                            after_epoch=lambda m: {'subset_accuracy': evaluate(m, test_x[:SUBSET], test_y[:SUBSET])[1]})
        wall = time.time() - start
        model = model.to(memory_format=torch.contiguous_format)
        preds, _ = evaluate(model, test_x, test_y)
        correct = int((preds == test_y).sum())
        acc = correct / len(test_y)  # exact, as `npm run eval` reports it
        subset_correct = int((preds[:SUBSET] == test_y[:SUBSET]).sum())
        os.makedirs(folder, exist_ok=True)
        sd = {k: v.contiguous() for k, v in model.state_dict().items()}
        if seed == 0:
            weights = 'model.pth'
            torch.save({'model': sd}, os.path.join(folder, weights))
        else:
            weights = None
            os.makedirs(os.path.join(ROOT, 'tmp', 'ablation', 'weights'), exist_ok=True)
            torch.save({'model': sd}, os.path.join(ROOT, 'tmp', 'ablation', 'weights', f'{rid}.pth'))
        preds.to(torch.uint8).numpy().tofile(os.path.join(folder, 'pytorch-predictions.u8'))
        record = {
            'id': rid, 'arch': arch, 'graph': graph, 'seed': seed,
            'graph_definition': GRAPH_NOTES[graph] + ' (docs/graph-conditions.md)',
            'eval_command': f'npm run eval -- --arch {arch} --graph {graph} --weights '
                            f'{os.path.relpath(os.path.join(folder, "model.pth"), ROOT)}' if weights else None,
            'accuracy': acc,
            'correct': correct, 'total': len(test_y),
            'subset_accuracy': subset_correct / SUBSET, 'subset_correct': subset_correct,
            'weights': weights,
            'pytorch_predictions': 'pytorch-predictions.u8',
            'command': command,
            'recipe': recipe,
            'config': nano_models.CONFIGS[arch],
            'trainable_parameters': nano_models.trainable_params(model),
            'steps': step,
            'wall_time_s': round(wall, 1),
            'machine': f'{platform.machine()}, {os.cpu_count()} CPUs shared with other jobs, {args.threads} torch '
                       f'thread(s), nice 19, no GPU',
            'torch_version': torch.__version__,
            'history': history,
        }
        with open(os.path.join(folder, 'training.json'), 'w') as f:
            json.dump(record, f, indent=2, ensure_ascii=False)
            f.write('\n')
        write_index(args.out, recipe)
        print(f'{rid}: accuracy {acc:.4f} (subset {subset_correct}/{SUBSET}), {wall:.0f} s; wrote {folder}', flush=True)


if __name__ == '__main__':
    main()
