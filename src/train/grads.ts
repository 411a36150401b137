// Gradients on the wasm backend. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, no depthwise backprop kernels
// and no UnsortedSegmentSum (tf.gather's gradient); wasm/kernels.ts registers them (see there for how and why).
// tfjs-core registers no gradients unless asked: the site's inference never needs them, the trainer does.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { registerWasmGradientKernels } from './wasmKernels';

let done = false;

/** Register the kernels training needs that a backend lacks (once; harmless where nothing is missing). */
export function registerTrainingGradients(): void {
  if (done) return;
  done = true;
  registerWasmGradientKernels();
}
