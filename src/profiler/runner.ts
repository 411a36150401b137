// Runs a list of cases through the harness on the current backend and returns plain-data reports
// (the JSON rows of `npm run bench --json` and of the widget's export).
import * as tf from '@tensorflow/tfjs-core';
import { buildCase, type BuildContext } from './builders';
import { caseInfo } from './cases';
import { measure, timePhase, CancelledError, type TimerKind } from './harness';
import { median } from './stats';
import type { CaseOutcome, CaseReport, PhaseReport, Progress, RunSettings } from './types';

export * from './types';

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  onCase?: (c: CaseOutcome) => void;
  cancelled?: () => boolean;
  threads?: number | null;
}

const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export async function runCases(
  ids: string[],
  s: RunSettings,
  ctx: BuildContext = {},
  hooks: RunHooks = {},
): Promise<CaseOutcome[]> {
  const backend = tf.getBackend();
  const out: CaseOutcome[] = [];
  const perCase = 1 + s.maxWarmup + s.reps + 1; // first, warm-up (at most), timed, phases
  for (let i = 0; i < ids.length; i++) {
    const info = caseInfo(ids[i]);
    let done = 0;
    const report = (stage: string) =>
      hooks.onProgress?.({
        fraction: (i + Math.min(done, perCase) / perCase) / ids.length,
        caseIndex: i,
        caseCount: ids.length,
        id: info.id,
        stage,
      });
    report('building');
    await pause();
    if (hooks.cancelled?.()) throw new CancelledError();
    const built = await buildCase(info, ctx);
    if ('unavailable' in built) {
      const skipped = { id: info.id, backend, skipped: built.unavailable };
      out.push(skipped);
      hooks.onCase?.(skipped);
      continue;
    }
    try {
      const timing = await measure(built.run, {
        ...s,
        cancelled: hooks.cancelled,
        onRun: (phase, k) => {
          done++;
          report(
            phase === 'timed' ? `timed run ${k + 1}/${s.reps}` : phase === 'first' ? 'first run' : `warm-up ${k + 1}`,
          );
        },
      });
      const phases: PhaseReport[] = [];
      if (built.phases && s.phaseReps > 0) {
        report('phases');
        for (const p of built.phases) {
          if (s.maxWarmup > 0) await timePhase(p.run); // warm-up: compile this sub-graph's kernels (skipped in quick runs)
          const samples: number[] = [];
          let timer: TimerKind = 'kernel';
          for (let r = 0; r < s.phaseReps; r++) {
            await pause();
            if (hooks.cancelled?.()) throw new CancelledError();
            const t = await timePhase(p.run);
            samples.push(t.ms);
            if (t.timer === 'wall') timer = 'wall';
          }
          phases.push({ name: p.name, median_ms: median(samples), timer, samples_ms: samples });
        }
      }
      const st = timing.stats;
      const rep: CaseReport = {
        id: info.id,
        backend,
        threads: hooks.threads ?? null,
        first_ms: timing.first_ms,
        median_ms: st.median,
        p10_ms: st.p10,
        p90_ms: st.p90,
        iqr_ms: st.iqr,
        min_ms: st.min,
        mean_ms: st.mean,
        samples_ms: timing.samples_ms,
        warmup_runs: timing.warmup_ms.length,
        leaked_tensors: timing.leaked_tensors,
        macs: info.macs,
        gmacs_per_s: info.macs && st.median > 0 ? info.macs / st.median / 1e6 : null,
        ...(phases.length ? { phases } : {}),
      };
      out.push(rep);
      hooks.onCase?.(rep);
    } finally {
      built.dispose();
    }
  }
  return out;
}
