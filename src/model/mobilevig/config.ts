// MobileViG family: one config table, exactly as the official constructors (graph-spec §2.4); the nano model's
// numbers come from src/model/nano/configs.json, which training/ reads too.
import NANO from '../nano/configs.json';

export interface MobileViGConfig {
  name: string;
  /** InvertedResidual blocks per local (CNN) stage */
  localBlocks: number[];
  localChannels: number[];
  /** SVGA blocks (Grapher + FFN) per global stage; the released configs have one stage */
  globalBlocks: number[];
  globalChannels: number[];
  /** width of the `prediction` 1×1 conv before the heads */
  embDims: number;
  /** SVGA hop: every K-th pixel of the row and column */
  K: number;
  numClasses: number;
  distillation: boolean;
}

const family = (
  name: string,
  localBlocks: number[],
  localChannels: number[],
  globalBlocks: number[],
  globalChannels: number[],
  embDims: number,
): MobileViGConfig => ({
  name,
  localBlocks,
  localChannels,
  globalBlocks,
  globalChannels,
  embDims,
  K: 2,
  numClasses: 1000,
  distillation: true,
});

/** MobileViG-Nano's row from the shared JSON (below, where the table has it, says what the model is). */
function nano(): MobileViGConfig {
  const j = NANO.models.mobilevig_nano;
  return {
    ...family('mobilevig_nano', j.local_blocks, j.local_channels, j.global_blocks, j.global_channels, j.emb_dims),
    K: j.K,
    numClasses: NANO.num_classes,
    distillation: false,
  };
}

export const MOBILEVIG_CONFIGS = {
  mobilevig_ti: family('mobilevig_ti', [2, 2, 6], [42, 84, 168], [2], [256], 512),
  mobilevig_s: family('mobilevig_s', [3, 3, 9], [42, 84, 176], [3], [256], 512),
  mobilevig_m: family('mobilevig_m', [3, 3, 9], [42, 84, 224], [3], [400], 768),
  mobilevig_b: family('mobilevig_b', [5, 5, 15], [42, 84, 240], [5], [464], 768),
  /** The tiny custom model of the golden set `mobilevig_micro` (42k params). */
  mobilevig_micro: { ...family('mobilevig_micro', [1, 1, 1], [8, 16, 24], [1], [32], 64), numClasses: 10 },
  /**
   * MobileViG-Nano, trained on Fashion-MNIST (training/): one local stage, so a 56×56 input gives the 7×7 SVGA
   * grid of the released models at 224×224 (shifts 2, 4, 6). Trained without a teacher, so no dist_head.
   */
  mobilevig_nano: nano(),
} satisfies Record<string, MobileViGConfig>;

export type MobileViGName = keyof typeof MOBILEVIG_CONFIGS;
