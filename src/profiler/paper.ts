// The MobileViG paper's ImageNet results, as far as they could be established (graph-spec §4), in one place:
// the chapter's results table, the profiler and the nano trade-off widget read them from here.
//   abstract (arXiv 2307.00395, CVF page): Ti 75.7 % 0.78 ms, B 82.6 % 2.30 ms; MobileNetV2 ×1.4 1.02 ms 74.7 %,
//     ×1.0 0.81 ms 71.8 %; EfficientFormer-L3 2.77 ms 82.4 % (iPhone 13 Mini NPU, CoreML).
//   RepViT (arXiv 2307.09283, Table 1), quoting MobileViG: params 5.2/7.2/14.0/26.7 M, GMACs 0.7/1.0/1.5/2.8,
//     top-1 75.7/78.2/80.6/82.6; equal to the official util/profile.py counts, rounded (graph-spec §2.4).
// null = the paper's text and abstract do not give it (its tables do); views show only the cells given.
export const PAPER_DEVICE = 'iPhone 13 Mini NPU (CoreML), from the MobileViG paper abstract';

export interface PaperRow {
  model: string;
  /** profiler case id when the site can run the model ('model/<arch>') */
  caseId?: string;
  paramsM: number | null;
  gmacs: number | null;
  top1: number;
  npuMs: number | null;
  /** a baseline the paper compares with, not a MobileViG */
  baseline?: boolean;
}

export const PAPER_IMAGENET: PaperRow[] = [
  {
    model: 'MobileNetV2 ×1.0',
    caseId: 'model/mobilenetv2_100',
    paramsM: null,
    gmacs: null,
    top1: 71.8,
    npuMs: 0.81,
    baseline: true,
  },
  {
    model: 'MobileNetV2 ×1.4',
    caseId: 'model/mobilenetv2_140',
    paramsM: null,
    gmacs: null,
    top1: 74.7,
    npuMs: 1.02,
    baseline: true,
  },
  { model: 'MobileViG-Ti', caseId: 'model/mobilevig_ti', paramsM: 5.2, gmacs: 0.7, top1: 75.7, npuMs: 0.78 },
  { model: 'MobileViG-S', caseId: 'model/mobilevig_s', paramsM: 7.2, gmacs: 1.0, top1: 78.2, npuMs: null },
  { model: 'MobileViG-M', caseId: 'model/mobilevig_m', paramsM: 14.0, gmacs: 1.5, top1: 80.6, npuMs: null },
  { model: 'MobileViG-B', caseId: 'model/mobilevig_b', paramsM: 26.7, gmacs: 2.8, top1: 82.6, npuMs: 2.3 },
  { model: 'EfficientFormer-L3', paramsM: null, gmacs: null, top1: 82.4, npuMs: 2.77, baseline: true },
];

/** Published NPU latency by profiler case id. */
export const PAPER_LATENCY_MS: Record<string, number> = Object.fromEntries(
  PAPER_IMAGENET.flatMap((r) => (r.caseId && r.npuMs !== null ? [[r.caseId, r.npuMs]] : [])),
);

/** One row of the paper's Table 2 (MobileViG against Pyramid ViG of similar size), as its text reports it. */
export interface PaperPair {
  mobilevig: string;
  pvig: string;
  /** params (M), GMACs, top-1 (%): MobileViG's from the rows above, Pyramid ViG's the ViG paper's (graph-spec §4) */
  mv: { paramsM: number; gmacs: number; top1: number };
  pv: { paramsM: number; gmacs: number; top1: number };
  /** how many times faster MobileViG is, iPhone 13 Mini GPU latency (the paper's text) */
  gpuSpeedup: number;
  /** the paper's own words about the accuracy */
  says: string;
}

const mvRow = (m: string) => {
  const r = PAPER_IMAGENET.find((x) => x.model === m)!;
  return { paramsM: r.paramsM!, gmacs: r.gmacs!, top1: r.top1 };
};

export const PAPER_TABLE2: PaperPair[] = [
  {
    mobilevig: 'MobileViG-S',
    pvig: 'Pyramid ViG-Ti',
    mv: mvRow('MobileViG-S'),
    pv: { paramsM: 10.7, gmacs: 1.7, top1: 78.2 },
    gpuSpeedup: 2.83,
    says: 'matches its top-1',
  },
  {
    mobilevig: 'MobileViG-B',
    pvig: 'Pyramid ViG-S',
    mv: mvRow('MobileViG-B'),
    pv: { paramsM: 27.3, gmacs: 4.6, top1: 82.1 },
    gpuSpeedup: 2.08,
    says: '0.5% higher top-1 with 0.6 M fewer parameters',
  },
];
