// The training lab's worker protocol (train.worker.ts): one run at a time, trained by the engine (src/train/) in the
// worker so a hidden tab or a closed panel keeps it; the page only asks and draws. A `run` call trains until the
// schedule ends, Pause is asked, or the loss is not finite; its progress carries every step and every test.
import type { GraphName } from '../model/nano';

export type TrainArch = 'mobilevig_nano' | 'pvig_nano' | 'mobilenetv2_nano';

/** One run's settings, as the page's URL holds them (src/components/train/trainSettings.ts). */
export interface TrainSettings {
  arch: TrainArch;
  graph: GraphName;
  init: 'scratch' | 'shipped';
  optimizer: 'adamw' | 'sgd';
  lr: number;
  batch: number;
  steps: number;
  warmup: number;
  wd: number;
  ls: number;
  augment: boolean;
  seed: number;
  /** test every this many steps */
  every: number;
}

export interface StepInfo {
  step: number;
  loss: number;
  /** training time so far (pauses excluded) */
  seconds: number;
  imagesSeen: number;
}

export interface TestInfo {
  step: number;
  seconds: number;
  accuracy: number;
  /** the gallery's predicted class per image, on the current weights */
  gallery: Uint8Array;
  /** for KNN models: the chosen node's neighbours in the last 7×7 Grapher, on the current weights */
  neighbours: NeighbourView | null;
}

export interface NeighbourView {
  /** the gallery image whose graph is shown */
  image: number;
  node: number;
  H: number;
  W: number;
  /** neighbour node indices (the node itself included when the KNN picks it) */
  from: number[];
  block: string;
}

export type ProgressEvent = { kind: 'step'; info: StepInfo } | { kind: 'test'; info: TestInfo };

export interface RunEnd {
  reason: 'paused' | 'done' | 'nan';
  message?: string;
  step: number;
}

export type TrainProtocol = {
  init: {
    req: { wasmPath: string; nanoPath: string; threads: number };
    res: { backend: string; threads: number | null };
  };
  /** the training pool: the site's own (fetched by the worker) or the reader's official files (validated here) */
  pool: {
    req: { source: 'site' } | { source: 'files'; images: Uint8Array; labels: Uint8Array };
    res: { count: number };
  };
  /** a new run with these settings (the previous one is disposed) */
  create: { req: { settings: TrainSettings; graphImage: number; node: number }; res: { params: number } };
  run: { req: Record<string, never>; res: RunEnd; progress: ProgressEvent };
  /** stops `run` after the step in flight; nothing runs afterwards until the next call */
  pause: { req: Record<string, never>; res: null };
  step: { req: Record<string, never>; res: StepInfo };
  /** test accuracy and gallery predictions now */
  test: { req: Record<string, never>; res: TestInfo };
  /** whether anything runs, the step counter and the live tensor count (the e2e checks Pause with it) */
  status: { req: Record<string, never>; res: { busy: boolean; step: number; tensors: number } };
  exportPth: { req: Record<string, never>; res: { bytes: Uint8Array } };
  reset: { req: Record<string, never>; res: null };
  /** show another gallery image or node; computed now when idle, else at the next test */
  neighbours: { req: { image: number; node: number }; res: NeighbourView | null };
};
