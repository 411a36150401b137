// Is this input a garment at all? The nano models know 10 Fashion-MNIST classes and force anything into one of them;
// this reads a score from the logits and compares it with the threshold that scripts/ood.ts measured on the shipped
// test images against photos and drawings (public/nano/ood.json: the signal, the threshold and its AUROC per model).
// No number is typed here: a new record changes the rule. Plain arithmetic on the logits (no tfjs: pages import it).
import record from '../../../public/nano/ood.json';

/** The scores scripts/ood.ts compares; for all three a higher value means "more like the training images". */
export const OOD_SIGNALS = ['msp', 'maxLogit', 'energy'] as const;
export type OodSignal = (typeof OOD_SIGNALS)[number];

export interface OodRule {
  signal: OodSignal;
  /** inputs scoring below this are flagged "not a garment?" */
  threshold: number;
  /** how well the signal separates the test images from photos and drawings (0.5: chance, 1: perfectly) */
  auroc: number;
  /** the share of the shipped test images that the threshold flags (wrongly) */
  testFlagged: number;
}

/**
 * A score from one image's logits. msp: the largest softmax probability; maxLogit: the largest logit; energy: the
 * log-sum-exp of the logits (the negative free energy of Liu et al., 2020, with temperature 1).
 */
export function oodScore(signal: OodSignal, logits: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  if (signal === 'maxLogit') return max;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return signal === 'msp' ? 1 / sum : max + Math.log(sum);
}

const RULES = record.models as Record<string, OodRule>;

/** The measured rule of a nano model; null for a model without one (ImageNet models are not checked). */
export function oodRule(arch: string): OodRule | null {
  return Object.hasOwn(RULES, arch) ? RULES[arch] : null;
}

export interface OodVerdict extends OodRule {
  score: number;
  /** the score is below the threshold: the image does not look like a Fashion-MNIST garment */
  outside: boolean;
}

/** The verdict for one image's logits, or null when the model has no rule. */
export function oodCheck(arch: string, logits: ArrayLike<number>): OodVerdict | null {
  const rule = oodRule(arch);
  if (!rule) return null;
  const score = oodScore(rule.signal, logits);
  return { ...rule, score, outside: score < rule.threshold };
}

/** The sentence the page and the CLI print about any input a nano model classifies that is not a shipped garment. */
export const NANO_ONLY_KNOWS =
  'This model only knows the 10 Fashion-MNIST clothing classes: anything else is forced into one of them. For photos, use an ImageNet model (MobileViG-Ti with loaded weights).';

/** The mark beside a prediction whose score is past the threshold. */
export const NOT_A_GARMENT = 'not a garment?';
