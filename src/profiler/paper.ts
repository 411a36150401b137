// Latencies published in the MobileViG paper (abstract): iPhone 13 Mini NPU, models compiled with CoreML.
// They describe that device, not the reader's; the widget labels them so.
export const PAPER_DEVICE = 'iPhone 13 Mini NPU (CoreML), from the MobileViG paper abstract';

export const PAPER_LATENCY_MS: Record<string, number> = {
  'model/mobilevig_ti': 0.78,
  'model/mobilevig_b': 2.3,
  'model/mobilenetv2_100': 0.81,
  'model/mobilenetv2_140': 1.02,
};
