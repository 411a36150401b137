// The profiler's headline turns the reader's own medians into sentences: the ratios are the medians' ratios and
// the reasons are the cost model's counts (src/profiler/cases graphCost), never typed numbers.
import { describe, expect, it } from 'vitest';
import { headline } from '../../src/components/profiler/headline';
import { caseInfo, graphCost, type GrapherShape } from '../../src/profiler/cases';
import { report, run } from './profilerRuns';

describe('profiler headline', () => {
  it("compares both SVGA forms with KNN at 56×56 and gives the cost model's reason", () => {
    const lines = headline([
      run([
        report('grapher/knn/56x56x48', 20),
        report('grapher/svga-min/56x56x48', 4),
        report('grapher/svga-rolls/56x56x48', 60),
      ]),
    ]);
    expect(lines).toHaveLength(1);
    const s = caseInfo('grapher/knn/56x56x48').shape as GrapherShape;
    const rolls = graphCost('svga-rolls', s),
      knn = graphCost('knn', s);
    expect(lines[0]).toContain('On this device (wasm · 2 threads), at 56×56 with 48 channels');
    expect(lines[0]).toContain("min form takes 4.00 ms, 5.0× faster than KNN's 20.0 ms");
    expect(lines[0]).toContain('roll loop takes 60.0 ms, 3.0× slower than KNN');
    expect(lines[0]).toContain(
      `${rolls.kernelLaunches} kernels and writes ${((rolls.memoryFloats * 4) / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(lines[0]).toContain(
      `streamlined KNN's ${knn.kernelLaunches} kernels and ${((knn.memoryFloats * 4) / 2 ** 20).toFixed(1)} MiB`,
    );
    // the official KNN code beside it (36 launches at r = 4, graph-spec §1.2-§1.4), and the update-conv gap:
    // 7·N·C² − 4·N·C² = 3 · 3136 · 48² = 21,676,032 MACs
    expect(lines[0]).toContain('the official KNN code would launch 36 kernels');
    expect(lines[0]).toContain('dense update convolution, 21.7 M multiply-adds more');
    expect(lines[0]).toMatch(/never runs SVGA at this size/);
    expect(lines[0]).toMatch(/iPhone’s GPU/);
    expect(lines[0]).not.toMatch(/NPU|cost far more/);
  });

  it('the sweep sentence uses the 7 → 56 growth of each; Ti against the matMul peak; nothing for unrelated cases', () => {
    const cases = [
      report('sweep/knn/7x7x96', 1),
      report('sweep/knn/56x56x96', 300),
      report('sweep/svga-min/7x7x96', 0.5),
      report('sweep/svga-min/56x56x96', 20),
      report('model/mobilevig_ti', 50, 13.2),
      report('peak/matmul-512', 10, 20),
    ];
    const lines = headline([run(cases)]);
    expect(lines[0]).toContain("multiplied KNN's time by 300 and SVGA's by 40");
    // SVGA's graph work is not N (accuracy review W2): every K-th node of the row and column
    expect(lines[0]).toContain('grows like N·(H + W)/K');
    expect(lines[0]).not.toMatch(/N work|fixed few/);
    expect(lines[1]).toContain('13.2 GMAC/s, 0.66× the backend');
    expect(headline([run([report('op/svga/7x7x256', 1)])])).toEqual([]);
    expect(headline([])).toEqual([]);
  });
});
