// Pyramid ViG family: one config table, exactly as the official pyramid_vig.py constructors (graph-spec §1.6); the
// nano model's numbers come from src/model/nano/configs.json, which training/ reads too.
import NANO from '../nano/configs.json';

export interface PvigConfig {
  name: string;
  /** channels per stage (56², 28², 14², 7² at 224×224 input) */
  channels: number[];
  /** Grapher+FFN blocks per stage */
  blocks: number[];
  /** key reduce ratio r per stage: the KNN keys are avg-pooled r×r */
  reduceRatios: number[];
  /** neighbours per node (the same k in every block of the released configs) */
  k: number;
  numClasses: number;
  /** the only input size: pos_embed is a fixed (inputSize/4)² parameter */
  inputSize: number;
  /** hidden width of the head's 1×1 conv (1024, hard-coded in the official code; emb_dims is ignored) */
  headHidden: number;
}

const family = (name: string, channels: number[], blocks: number[]): PvigConfig => ({
  name,
  channels,
  blocks,
  reduceRatios: [4, 2, 1, 1],
  k: 9,
  numClasses: 1000,
  inputSize: 224,
  headHidden: 1024,
});

export const PVIG_CONFIGS = {
  pvig_ti: family('pvig_ti', [48, 96, 240, 384], [2, 2, 6, 2]),
  pvig_s: family('pvig_s', [80, 160, 400, 640], [2, 2, 6, 2]),
  pvig_m: family('pvig_m', [96, 192, 384, 768], [2, 2, 16, 2]),
  pvig_b: family('pvig_b', [128, 256, 512, 1024], [2, 2, 18, 2]),
  /**
   * ViG-Nano, trained on Fashion-MNIST (training/): Pyramid ViG's last two stages (14×14 and 7×7, every node a key)
   * on a 56×56 input; the official dilation rule gives d = 2 in its last two blocks.
   */
  pvig_nano: {
    name: 'pvig_nano',
    channels: NANO.models.pvig_nano.channels,
    blocks: NANO.models.pvig_nano.blocks,
    reduceRatios: NANO.models.pvig_nano.reduce_ratios,
    k: NANO.models.pvig_nano.k,
    numClasses: NANO.num_classes,
    inputSize: NANO.models.pvig_nano.input_size,
    headHidden: NANO.models.pvig_nano.head_hidden,
  },
} satisfies Record<string, PvigConfig>;

export type PvigName = keyof typeof PVIG_CONFIGS;

/** Largest dilation: 7×7 keys / k, so that k·d never exceeds the 49 keys of the last stage. */
export const maxDilation = (cfg: PvigConfig): number => Math.floor(49 / cfg.k);
