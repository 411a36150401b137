// Chapter 5's exercises: the timing protocol, and the memory each graph writes at 56×56 from the site's cost model
// (src/graph, the numbers of the table at the top of the chapter). No measured time is quoted: a reader's device
// gives its own.
import type { ChapterExercises } from '../types';
import { knnCost, svgaCost } from '../../../graph';

const MB = (floats: number) => ((floats * 4) / 2 ** 20).toFixed(1);
const rolls = svgaCost(56, 56, 48, 2);
const knn = knnCost(56, 56, 48, 9, 1, 4);

export default {
  objectives: [
    'Time a model fairly: first run apart, warm-up, read-back inside the timed region, many runs reported as a median with percentiles, a leak check, and the conditions written down.',
    "Explain why a result on one backend or device need not carry over to another, and why the site's CPU numbers can disagree with the paper's phone NPU.",
    'Measure KNN against SVGA on your own device and read what the result says.',
  ],
  questions: [
    {
      id: 'c5-readback',
      q: 'Why must each timed run wait for its output, for example by downloading the logits, on a GPU backend?',
      a: 'GPU backends queue the work and return at once. A timer stopped when the call returns measures the queueing, not the computation; an application needs the result anyway, so the download belongs in the number.',
    },
    {
      id: 'c5-first',
      q: 'What does the first-run time contain, and why is it reported apart from the rest?',
      a: 'One-off costs: compiling shaders, instantiating WebAssembly, allocating memory. Mixed into the steady state, they would inflate every number.',
    },
    {
      id: 'c5-median',
      q: 'Why report the median of many runs rather than their mean?',
      a: 'Garbage collection, other tabs and thermal throttling add outliers, which pull a mean around; the median ignores them. Percentiles (the 10th and 90th, say) show the spread.',
    },
    {
      id: 'c5-memory',
      q: `At 56×56×48 the official roll loop writes ${MB(rolls.memoryFloats)} MiB of intermediates, KNN with pooled keys ${MB(knn.memoryFloats)} MiB. Which do you expect to be faster on a CPU backend, and does that contradict the paper?`,
      a: 'KNN, most likely: memory traffic and kernel launches cost time there. It does not contradict the paper: MobileViG never runs SVGA at 56×56 (only at 7×7), the paper measured a phone NPU through CoreML, and the exact min form gets the same result with a few kernels.',
    },
    {
      id: 'c5-backend',
      q: 'Why compare two models only on the same backend, browser and device?',
      a: 'The backends are different machines: GPU shaders (WebGPU), shaders on textures that may fall back to 16-bit floats (WebGL), the CPU with SIMD and threads (wasm), plain JavaScript (cpu). A gain on one need not carry over to another.',
    },
  ],
  predicts: [
    {
      id: 'p5-quick',
      q: "On this device, at 56×56, which is faster: KNN or SVGA's official roll loop? And at 7×7, the only grid where MobileViG uses SVGA?",
      check: 'Run the Quick look; the sentences above its charts compare the two for your device.',
      a: 'Your run answers it. On the CPU backends this site has been measured on, the roll loop is the slower of the two at 56×56 and about equal at 7×7, and the min form is the fastest of the three at 56×56.',
    },
  ],
} satisfies ChapterExercises;
