// A walk over a model's layers that yields its official state-dict entries (key, shape, parameter or buffer)
// and the multiply-adds of every conv at a given input size. One walk feeds key checks, random init and cost counters.

export interface SpecEntry {
  key: string;
  shape: number[];
  /** nn.Parameter (counted as a parameter) or buffer (BN statistics) */
  kind: 'param' | 'buffer';
}

export interface ConvCost {
  name: string;
  /** the BatchNorm folded into this conv at load time, or null */
  bn: string | null;
  cin: number;
  cout: number;
  k: number;
  groups: number;
  outH: number;
  outW: number;
  macs: number;
}

export class ModelSpec {
  readonly entries: SpecEntry[] = [];
  readonly convs: ConvCost[] = [];
  /** extra multiply-adds that are not convs (e.g. ViG's KNN inner products), by name */
  readonly extraMacs: { name: string; macs: number }[] = [];
  /** parameters the model uses as they are (layer scales, pos_embed, relative_pos), not folded into a conv */
  readonly raw: string[] = [];
  /** raw parameters a checkpoint may hold or not (AGC's temperature in a MobileViG Grapher): never missing,
   * never unexpected, shape-checked where present; not counted in paramCount (the official models have none) */
  readonly optional: SpecEntry[] = [];

  param(key: string, shape: number[], opts: { raw?: boolean } = {}): void {
    this.entries.push({ key, shape, kind: 'param' });
    if (opts.raw) this.raw.push(key);
  }

  optionalParam(key: string, shape: number[]): void {
    this.optional.push({ key, shape, kind: 'param' });
  }

  /** Conv2d(cin → cout, k×k, groups) on an input of h×w, with the BatchNorm `bn` folded in; returns the output size. */
  conv(
    name: string,
    cin: number,
    cout: number,
    k: number,
    h: number,
    w: number,
    opts: { stride?: number; pad?: number; groups?: number; bias?: boolean; bn?: string } = {},
  ): [number, number] {
    const { stride = 1, pad = (k - 1) / 2, groups = 1, bias = true } = opts;
    const outH = Math.floor((h + 2 * pad - k) / stride) + 1;
    const outW = Math.floor((w + 2 * pad - k) / stride) + 1;
    this.param(`${name}.weight`, [cout, cin / groups, k, k]);
    if (bias) this.param(`${name}.bias`, [cout]);
    this.convs.push({
      name,
      bn: opts.bn ?? null,
      cin,
      cout,
      k,
      groups,
      outH,
      outW,
      macs: outH * outW * cout * (cin / groups) * k * k,
    });
    return [outH, outW];
  }

  /** nn.Linear(cin → cout) on one vector (weights [out, in], as torchvision's classifier). */
  linear(name: string, cin: number, cout: number): void {
    this.param(`${name}.weight`, [cout, cin]);
    this.param(`${name}.bias`, [cout]);
    this.convs.push({ name, bn: null, cin, cout, k: 1, groups: 1, outH: 1, outW: 1, macs: cin * cout });
  }

  bn(name: string, c: number): void {
    this.param(`${name}.weight`, [c]);
    this.param(`${name}.bias`, [c]);
    this.entries.push({ key: `${name}.running_mean`, shape: [c], kind: 'buffer' });
    this.entries.push({ key: `${name}.running_var`, shape: [c], kind: 'buffer' });
    this.entries.push({ key: `${name}.num_batches_tracked`, shape: [], kind: 'buffer' });
  }

  /** nn.Parameters, as sum(p.numel() for p in model.parameters()). */
  paramCount(filter: (e: SpecEntry) => boolean = () => true): number {
    return this.entries.filter((e) => e.kind === 'param' && filter(e)).reduce((s, e) => s + numel(e.shape), 0);
  }

  convMacs(): number {
    return this.convs.reduce((s, c) => s + c.macs, 0);
  }

  totalMacs(): number {
    return this.convMacs() + this.extraMacs.reduce((s, e) => s + e.macs, 0);
  }
}

/** The FFN after a Grapher (MobileViG and Pyramid ViG share its layout): fc1 (C → 4C) + BN, GELU, fc2 + BN. */
export function ffnWalk(s: ModelSpec, prefix: string, c: number, h: number, w: number): void {
  s.conv(`${prefix}.fc1.0`, c, 4 * c, 1, h, w, { bn: `${prefix}.fc1.1` });
  s.bn(`${prefix}.fc1.1`, 4 * c);
  s.conv(`${prefix}.fc2.0`, 4 * c, c, 1, h, w, { bn: `${prefix}.fc2.1` });
  s.bn(`${prefix}.fc2.1`, c);
}

export const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
