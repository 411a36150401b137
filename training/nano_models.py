"""The three Fashion-MNIST nano models, written for ViG Lab from graph-spec.md (not copied from any repository).

Module and parameter names follow the official code (MobileViG models/mobilevig.py, Pyramid ViG
vig_pytorch/pyramid_vig.py + gcn_lib, torchvision mobilenet_v2), so a state dict saved from these classes has
exactly the keys the site's TypeScript loaders expect of an official checkpoint. Configurations (CONFIGS) are read
from src/model/nano/configs.json, the file the TypeScript config tables (src/model/*/config.ts) read too.
"""

import json
import math
import os
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

# One row per model, in the one file the TypeScript config tables read too (tests/unit/nano-configs.test.ts).
_SHARED = json.loads((Path(__file__).resolve().parent.parent / 'src/model/nano/configs.json').read_text())
NUM_CLASSES = _SHARED['num_classes']
CONFIGS = _SHARED['models']


# The graph conditions (docs/graph-conditions.md, the names of `--graph`): only the aggregated feature x_j changes.
GRAPHS = {
    'mobilevig_nano': ['svga', 'knn', 'knn9', 'grid', 'random', 'self', 'mgc', 'dagc', 'agc'],
    'pvig_nano': ['knn9', 'svga', 'grid', 'random', 'self'],
}
OWN_GRAPH = {'mobilevig_nano': 'svga', 'pvig_nano': 'knn9'}  # what `own` means for each model
SVGA_DEGREE_WITH_SELF = 7  # `knn` on MobileViG-Nano: SVGA's 3 + 3 neighbours at 7×7 plus the node itself
FIXED_GRAPHS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'graphs', 'fixed-graphs.json')


def graph_name(arch, name):
    """`name` as one of arch's graphs (`own` → its own), or a ValueError listing the graphs it has."""
    name = OWN_GRAPH[arch] if name == 'own' else name
    if name not in GRAPHS.get(arch, []):
        raise ValueError(f"{arch} has no graph '{name}' (it has: own, {', '.join(GRAPHS.get(arch, []))})")
    return name


def fixed_lists(arch, name, side):
    """The [N, k] neighbour lists TypeScript injects for a fixed graph (written by `npm run fixed-graphs`)."""
    with open(FIXED_GRAPHS_FILE) as f:
        rows = json.load(f)['graphs'][arch][str(side)][name]
    return torch.tensor(rows, dtype=torch.long)


def conv_bn(cin, cout, k=1, stride=1, groups=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups), nn.BatchNorm2d(cout))


# ---------------------------------------------------------------- MobileViG (graph-spec §2)
class Stem(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, c // 2, 3, 2, 1), nn.BatchNorm2d(c // 2), nn.GELU(),
            nn.Conv2d(c // 2, c, 3, 2, 1), nn.BatchNorm2d(c), nn.GELU())

    def forward(self, x):
        return self.stem(x)


class MLP(nn.Module):
    """InvertedResidual body: 1×1 expand, depthwise 3×3, 1×1 project, each with BN."""

    def __init__(self, c, hidden):
        super().__init__()
        self.fc1 = nn.Conv2d(c, hidden, 1)
        self.norm1 = nn.BatchNorm2d(hidden)
        self.mid = nn.Conv2d(hidden, hidden, 3, 1, 1, groups=hidden)
        self.mid_norm = nn.BatchNorm2d(hidden)
        self.fc2 = nn.Conv2d(hidden, c, 1)
        self.norm2 = nn.BatchNorm2d(c)

    def forward(self, x):
        x = F.gelu(self.norm1(self.fc1(x)))
        x = F.gelu(self.mid_norm(self.mid(x)))
        return self.norm2(self.fc2(x))


class InvertedResidual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.mlp = MLP(c, 4 * c)
        self.layer_scale_2 = nn.Parameter(1e-5 * torch.ones(c, 1, 1))

    def forward(self, x):
        return x + self.layer_scale_2 * self.mlp(x)


class Downsample(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = conv_bn(cin, cout, 3, 2)

    def forward(self, x):
        return self.conv(x)


def svga_xj(x, K):
    """SVGA's max-relative feature: max(0, max over row/column shifts K, 2K, … of x − roll(x)). Centre minus
    neighbour, circular, zero start (graph-spec §2.1)."""
    acc = torch.zeros_like(x)
    for i in range(K, x.shape[2], K):
        acc = torch.maximum(acc, x - torch.roll(x, i, 2))
    for i in range(K, x.shape[3], K):
        acc = torch.maximum(acc, x - torch.roll(x, i, 3))
    return acc


def gathered_xj_centre_minus(x, edges):
    """The same aggregation on an explicit graph: max(0, max_j (x_i − x_j)) over edges [B, N, k]."""
    b, c, h, w = x.shape
    low = neighbours(x, edges).min(2).values.transpose(1, 2).reshape(b, c, h, w)
    return torch.clamp(x - low, min=0)


def mgc_xj(x, K):
    """MobileViGv2's MGC (graph-spec §3.1): max(0, max of neighbour − centre) over the nodes K rows up and down and K
    columns left and right, wrap-around, in the official order."""
    acc = x - x
    for shift, dim in ((K, 2), (-K, 2), (K, 3), (-K, 3)):
        acc = torch.maximum(acc, torch.roll(x, shift, dim) - x)
    return acc


def l1_channels(a, b):
    return (a - b).abs().sum(1, keepdim=True)


def dagc_xj(x, K):
    """GreedyViG's DAGC (graph-spec §3.2): candidates at shifts 0, K, 2K, … along H then W, kept where their L1
    distance is below μ − σ of this image's distances to the quadrant-swapped map (unbiased σ); the mask is a
    constant of the step (a comparison has no gradient)."""
    h, w = x.shape[2], x.shape[3]
    ref = l1_channels(x, torch.roll(torch.roll(x, math.ceil(h / 2), 2), math.ceil(w / 2), 3))
    thr = ref.mean((2, 3), keepdim=True) - ref.flatten(1).std(1, unbiased=True).view(-1, 1, 1, 1)
    acc = x - x
    for dim, size in ((2, h), (3, w)):
        for i in range(0, size, K):
            r = torch.roll(x, i, dim)
            mask = (thr - l1_channels(x, r) > 0).to(x.dtype)
            acc = torch.maximum(acc, (r - x) * mask)
    return acc


def agc_xj(x, K, temperature):
    """AdaptViG's AdaptConv (graph-spec §3.3): the nodes K rows up and K columns left always, plus the nodes 2, 4, …
    away along each axis gated by exp(−‖x − R‖₁ / (|T| + 1e-6)); max(0, …) of neighbour − centre."""
    acc = x - x
    acc = torch.maximum(acc, torch.roll(x, K, 2) - x)
    acc = torch.maximum(acc, torch.roll(x, K, 3) - x)
    divisor = temperature.abs() + 1e-6
    for dim, size in ((2, x.shape[2]), (3, x.shape[3])):
        d = 2
        while d <= size:
            r = torch.roll(x, d, dim)
            acc = torch.maximum(acc, (r - x) * torch.exp(-l1_channels(x, r) / divisor))
            d *= 2
    return acc


class MRConv4d(nn.Module):
    """SVGA's graph conv with x_j from the named graph; `nn` (the dense 2C → 2C update) is the same for all."""

    def __init__(self, c, K, graph='svga', lists=None):
        super().__init__()
        self.K, self.graph = K, graph
        self.nn = nn.Sequential(nn.Conv2d(2 * c, 2 * c, 1), nn.BatchNorm2d(2 * c), nn.GELU())
        if graph == 'agc':  # AdaptViG's learnable temperature, key <grapher>.graph_conv.temperature
            self.temperature = nn.Parameter(torch.tensor(1.0))
        # fixed neighbour lists [N, k] (grid, random, self): not saved, so the state dict keeps the official keys
        self.register_buffer('lists', lists, persistent=False)

    def xj(self, x):
        g, b = self.graph, x.shape[0]
        if g == 'svga':
            return svga_xj(x, self.K)
        if g in ('knn', 'knn9'):
            return gathered_xj_centre_minus(x, knn_edges(x, 0.0, SVGA_DEGREE_WITH_SELF if g == 'knn' else 9, 1))
        if g == 'mgc':
            return mgc_xj(x, self.K)
        if g == 'dagc':
            return dagc_xj(x, self.K)
        if g == 'agc':
            return agc_xj(x, self.K, self.temperature)
        return gathered_xj_centre_minus(x, self.lists.unsqueeze(0).expand(b, -1, -1))

    def forward(self, x, edges=None):
        xj = self.xj(x) if edges is None else gathered_xj_centre_minus(x, edges)
        return self.nn(torch.cat([x, xj], 1))


class SvgaGrapher(nn.Module):
    def __init__(self, c, K, graph='svga', lists=None):
        super().__init__()
        self.fc1 = conv_bn(c, c)
        self.graph_conv = MRConv4d(c, K, graph, lists)
        self.fc2 = conv_bn(2 * c, c)

    def forward(self, x, edges=None):
        return self.fc2(self.graph_conv(self.fc1(x), edges)) + x


class FFN(nn.Module):
    def __init__(self, c, hidden):
        super().__init__()
        self.fc1 = conv_bn(c, hidden)
        self.fc2 = conv_bn(hidden, c)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x))) + x


class MobileViG(nn.Module):
    def __init__(self, local_blocks, local_channels, global_blocks, global_channels, emb_dims, K, num_classes=NUM_CLASSES,
                 graph='svga'):
        super().__init__()
        self.stem = Stem(local_channels[0])
        layers = []
        for i, n in enumerate(local_blocks):
            if i > 0:
                layers.append(Downsample(local_channels[i - 1], local_channels[i]))
            layers += [InvertedResidual(local_channels[i]) for _ in range(n)]
        layers.append(Downsample(local_channels[-1], global_channels[0]))
        self.local_backbone = nn.ModuleList(layers)
        assert len(global_blocks) == 1
        g = global_channels[0]
        side = 56 // 2 ** (len(local_channels) + 2)  # the nano input, the stem's 4× and one 2× per Downsample
        lists = fixed_lists('mobilevig_nano', graph, side) if graph in ('grid', 'random', 'self') else None
        self.backbone = nn.ModuleList(
            nn.Sequential(SvgaGrapher(g, K, graph, lists), FFN(g, 4 * g)) for _ in range(global_blocks[0]))
        self.prediction = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(g, emb_dims, 1), nn.BatchNorm2d(emb_dims),
                                        nn.GELU(), nn.Dropout(0.0))
        self.head = nn.Conv2d(emb_dims, num_classes, 1)

    def forward(self, x, edges=None):
        """edges: optional per-block graphs to use instead of SVGA's, {block index: [B, N, k] long}."""
        x = self.stem(x)
        for layer in self.local_backbone:
            x = layer(x)
        for i, block in enumerate(self.backbone):
            x = block[1](block[0](x, None if edges is None else edges.get(i)))
        return self.head(self.prediction(x)).flatten(1)


# ---------------------------------------------------------------- Pyramid ViG (graph-spec §1)
def relative_pos(c, side):
    """−(2/C)·Σ_f [cos(ω_f Δy) + cos(ω_f Δx)], the frozen bias of an r = 1 Grapher, [1, N, N] (graph-spec §1.5)."""
    omega = torch.tensor([10000.0 ** (-4.0 * f / c) for f in range(c // 4)], dtype=torch.float64)
    pos = torch.arange(side, dtype=torch.float64)
    per_axis = torch.cos((pos[:, None] - pos[None, :])[..., None] * omega).sum(-1)  # [side, side]
    ys, xs = torch.meshgrid(pos.long(), pos.long(), indexing='ij')
    ys, xs = ys.flatten(), xs.flatten()
    rp = (2.0 / c) * (per_axis[ys[:, None], ys[None, :]] + per_axis[xs[:, None], xs[None, :]])
    return -rp.float().unsqueeze(0)


def knn_edges(x, rel_pos, k, d):
    """Dilated KNN on L2-normalised features plus the position bias: [B, N, k] indices, nearest first."""
    with torch.no_grad():
        f = F.normalize(x.flatten(2).transpose(1, 2), p=2, dim=-1).contiguous()  # [B, N, C]
        sq = (f * f).sum(-1, keepdim=True)
        dist = sq - 2 * torch.bmm(f, f.transpose(1, 2).contiguous()) + sq.transpose(1, 2) + rel_pos
        return torch.topk(-dist, k * d, dim=-1).indices[..., ::d]


def neighbours(x, edges):
    """Rows of x picked by edges: x [B, C, H, W], edges [B, N, k] → [B, N, k, C] (one index_select on [B·N, C])."""
    b, c, h, w = x.shape
    rows = x.flatten(2).transpose(1, 2).reshape(b * h * w, c)
    idx = (edges + torch.arange(b, device=x.device).view(b, 1, 1) * (h * w)).flatten()
    return rows.index_select(0, idx).view(b, h * w, edges.shape[2], c)


def max_relative(x, edges):
    """max_j (x_j − x_i) over edges [B, N, k], no zero floor (ViG's MRConv2d)."""
    b, c, h, w = x.shape
    m = neighbours(x, edges).max(2).values.transpose(1, 2).reshape(b, c, h, w)
    return m - x


class BasicConv(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 1, groups=4), nn.BatchNorm2d(cout), nn.GELU())


class MRConv2d(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.nn = BasicConv(2 * c, 2 * c)

    def forward(self, x, m):
        b, c, h, w = x.shape
        z = torch.stack([x, m], 2).reshape(b, 2 * c, h, w)  # interleaved [x0, m0, x1, m1, …]
        return self.nn(z)


class DyGraphConv2d(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gconv = MRConv2d(c)


class VigGrapher(nn.Module):
    def __init__(self, c, side, k, d, lists=None):
        super().__init__()
        self.k, self.d = k, d
        self.fc1 = conv_bn(c, c)
        self.graph_conv = DyGraphConv2d(c)
        self.fc2 = conv_bn(2 * c, c)
        self.relative_pos = nn.Parameter(relative_pos(c, side), requires_grad=False)
        # a fixed graph [N, k] instead of the KNN (svga, grid, random, self); not saved in the state dict
        self.register_buffer('lists', lists, persistent=False)

    def forward(self, x, edges=None):
        f = self.fc1(x)
        if edges is None and self.lists is not None:
            edges = self.lists.unsqueeze(0).expand(x.shape[0], -1, -1)
        if edges is None:
            edges = knn_edges(f, self.relative_pos, self.k, self.d)
        return self.fc2(self.graph_conv.gconv(f, max_relative(f, edges))) + x


class PyramidStem(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.convs = nn.Sequential(
            nn.Conv2d(3, c // 2, 3, 2, 1), nn.BatchNorm2d(c // 2), nn.GELU(),
            nn.Conv2d(c // 2, c, 3, 2, 1), nn.BatchNorm2d(c), nn.GELU(),
            nn.Conv2d(c, c, 3, 1, 1), nn.BatchNorm2d(c))

    def forward(self, x):
        return self.convs(x)


class PyramidViG(nn.Module):
    def __init__(self, channels, blocks, reduce_ratios, k, input_size, head_hidden, num_classes=NUM_CLASSES,
                 graph='knn9'):
        super().__init__()
        assert all(r == 1 for r in reduce_ratios), 'the nano model keeps every node as a key'
        side = input_size // 4
        self.stem = PyramidStem(channels[0])
        self.pos_embed = nn.Parameter(torch.zeros(1, channels[0], side, side))
        max_dilation = 49 // k
        layers, idx = [], 0
        for i, n in enumerate(blocks):
            if i > 0:
                layers.append(Downsample(channels[i - 1], channels[i]))
                side //= 2
            for _ in range(n):
                d = min(idx // 4 + 1, max_dilation)
                lists = None if graph == 'knn9' else fixed_lists('pvig_nano', graph, side)
                layers.append(nn.Sequential(VigGrapher(channels[i], side, k, d, lists), FFN(channels[i], 4 * channels[i])))
                idx += 1
        self.backbone = nn.ModuleList(layers)
        self.prediction = nn.Sequential(nn.Conv2d(channels[-1], head_hidden, 1), nn.BatchNorm2d(head_hidden), nn.GELU(),
                                        nn.Dropout(0.0), nn.Conv2d(head_hidden, num_classes, 1))

    def forward(self, x, edges=None):
        """edges: optional {backbone index: [B, N, k] long} graphs to use instead of the KNN."""
        x = self.stem(x) + self.pos_embed
        for i, layer in enumerate(self.backbone):
            if isinstance(layer, Downsample):
                x = layer(x)
            else:
                x = layer[1](layer[0](x, None if edges is None else edges.get(i)))
        return self.prediction(F.adaptive_avg_pool2d(x, 1)).flatten(1)


# ---------------------------------------------------------------- MobileNetV2 (torchvision layout)
class ConvBNReLU(nn.Sequential):
    def __init__(self, cin, cout, k=3, stride=1, groups=1):
        super().__init__(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU6(inplace=True))


class MbInvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, t):
        super().__init__()
        hidden = round(cin * t)
        self.use_res = stride == 1 and cin == cout
        layers = [ConvBNReLU(cin, hidden, 1)] if t != 1 else []
        layers += [ConvBNReLU(hidden, hidden, 3, stride, groups=hidden),
                   nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv(x) if self.use_res else self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self, first, last, setting, num_classes=NUM_CLASSES):
        super().__init__()
        feats = [ConvBNReLU(3, first, 3, 2)]
        cin = first
        for t, c, n, s in setting:
            for i in range(n):
                feats.append(MbInvertedResidual(cin, c, s if i == 0 else 1, t))
                cin = c
        feats.append(ConvBNReLU(cin, last, 1))
        self.features = nn.Sequential(*feats)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(last, num_classes))

    def forward(self, x, edges=None):
        return self.classifier(F.adaptive_avg_pool2d(self.features(x), 1).flatten(1))


def build(arch, graph=None):
    """The model with its own graph, or (graph models) with the named graph condition of docs/graph-conditions.md."""
    cfg = dict(CONFIGS[arch])
    if graph is not None and (arch in GRAPHS or graph != 'own'):
        if arch not in GRAPHS:
            raise ValueError(f"{arch} has no graph (only 'own'), got '{graph}'")
        cfg['graph'] = graph_name(arch, graph)
    cls = {'mobilevig_nano': MobileViG, 'pvig_nano': PyramidViG, 'mobilenetv2_nano': MobileNetV2}[arch]
    return cls(**cfg)


def init_weights(model):
    """Kaiming-normal convs and zero biases, as the official model_init of MobileViG does."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode='fan_out')
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0, 0.01)
            nn.init.zeros_(m.bias)


def trainable_params(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
