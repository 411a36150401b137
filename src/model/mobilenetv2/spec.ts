// The layer walk of torchvision's MobileNetV2, in state-dict order: keys, parameter counts and conv MACs.
import { ModelSpec } from '../spec';
import { makeDivisible, type MobileNetV2Config } from './config';

/** features.1 … features.17: InvertedResidual(cin → cout), expand 1×1 (absent when t = 1) → dw 3×3 → project 1×1. */
export interface MobileNetV2Block {
  path: string;
  cin: number;
  cout: number;
  hidden: number;
  stride: number;
  /** the expand conv exists (t ≠ 1); it shifts the key indices inside `.conv` */
  expand: boolean;
  /** x + block(x): stride 1 and cin = cout */
  residual: boolean;
}

export function mobilenetv2Channels(cfg: MobileNetV2Config): { first: number; last: number } {
  return {
    first: makeDivisible(cfg.first * cfg.widthMult),
    last: makeDivisible(cfg.last * Math.max(1, cfg.widthMult)),
  };
}

export function mobilenetv2Blocks(cfg: MobileNetV2Config): MobileNetV2Block[] {
  const blocks: MobileNetV2Block[] = [];
  let cin = mobilenetv2Channels(cfg).first;
  for (const [t, c, n, s] of cfg.setting) {
    const cout = makeDivisible(c * cfg.widthMult);
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      blocks.push({
        path: `features.${blocks.length + 1}`,
        cin,
        cout,
        hidden: Math.round(cin * t),
        stride,
        expand: t !== 1,
        residual: stride === 1 && cin === cout,
      });
      cin = cout;
    }
  }
  return blocks;
}

/** Key prefixes inside one block's `.conv` Sequential. */
export function blockKeys(b: MobileNetV2Block): {
  expand?: [string, string];
  dw: [string, string];
  project: [string, string];
} {
  const p = `${b.path}.conv`;
  return b.expand
    ? { expand: [`${p}.0.0`, `${p}.0.1`], dw: [`${p}.1.0`, `${p}.1.1`], project: [`${p}.2`, `${p}.3`] }
    : { dw: [`${p}.0.0`, `${p}.0.1`], project: [`${p}.1`, `${p}.2`] };
}

export function mobilenetv2Spec(cfg: MobileNetV2Config, h = 224, w = 224): ModelSpec {
  const s = new ModelSpec();
  const { first, last } = mobilenetv2Channels(cfg);
  const noBias = { bias: false };
  [h, w] = s.conv('features.0.0', 3, first, 3, h, w, { stride: 2, bias: false, bn: 'features.0.1' });
  s.bn('features.0.1', first);
  const blocks = mobilenetv2Blocks(cfg);
  for (const b of blocks) {
    const k = blockKeys(b);
    if (k.expand) {
      s.conv(k.expand[0], b.cin, b.hidden, 1, h, w, { ...noBias, bn: k.expand[1] });
      s.bn(k.expand[1], b.hidden);
    }
    [h, w] = s.conv(k.dw[0], b.hidden, b.hidden, 3, h, w, {
      stride: b.stride,
      groups: b.hidden,
      bias: false,
      bn: k.dw[1],
    });
    s.bn(k.dw[1], b.hidden);
    s.conv(k.project[0], b.hidden, b.cout, 1, h, w, { ...noBias, bn: k.project[1] });
    s.bn(k.project[1], b.cout);
  }
  const tail = `features.${blocks.length + 1}`;
  s.conv(`${tail}.0`, blocks[blocks.length - 1].cout, last, 1, h, w, { ...noBias, bn: `${tail}.1` });
  s.bn(`${tail}.1`, last);
  s.linear('classifier.1', last, cfg.numClasses);
  return s;
}
