// The training lab's settings: one URL schema (`train.*`, so a link restores them), the page's default schedule,
// and the one-line label each run carries on the charts and in the export. No tfjs, no DOM.
import { GRAPH_NAMES, GRAPHS, type GraphName, type SurgeryArch } from '../../model/nano';
import { modelLabel } from '../../profiler/cases';
import type { TrainArch, TrainSettings } from '../../worker/trainProtocol';
import type { BoolField, EnumField, IntField, NumberField, StateOf } from '../../lib/urlState';

export const TRAIN_ARCHS = ['mobilevig_nano', 'pvig_nano', 'mobilenetv2_nano'] as const satisfies readonly TrainArch[];
export const BATCHES = ['16', '32', '64', '128'] as const;

/**
 * The page's default schedule (the one the 5-minute measurement uses): training/train.py's recipe (AdamW, lr 2e-3,
 * weight decay 0.05, label smoothing 0.1, flip + shift augmentation), shortened to 600 steps of 64 images
 * (38,400 images, about two passes over the 20,000-image pool) with 30 warm-up steps, then cosine to 0.
 */
export const trainSchema = {
  arch: { type: 'enum', default: 'mobilevig_nano', values: TRAIN_ARCHS } as EnumField<TrainArch>,
  graph: { type: 'enum', default: 'own', values: GRAPH_NAMES } as EnumField<GraphName>,
  init: { type: 'enum', default: 'scratch', values: ['scratch', 'shipped'] } as EnumField<'scratch' | 'shipped'>,
  optimizer: { type: 'enum', default: 'adamw', values: ['adamw', 'sgd'] } as EnumField<'adamw' | 'sgd'>,
  lr: { type: 'number', default: 0.002, min: 1e-6, max: 1 } as NumberField,
  batch: { type: 'enum', default: '64', values: BATCHES } as EnumField<(typeof BATCHES)[number]>,
  steps: { type: 'int', default: 600, min: 1, max: 20000 } as IntField,
  warmup: { type: 'int', default: 30, min: 0, max: 5000 } as IntField,
  wd: { type: 'number', default: 0.05, min: 0, max: 1 } as NumberField,
  ls: { type: 'number', default: 0.1, min: 0, max: 0.5 } as NumberField,
  augment: { type: 'bool', default: true } as BoolField,
  seed: { type: 'int', default: 0, min: 0, max: 1_000_000 } as IntField,
  /** test accuracy on the shipped 2,000 test images every this many steps */
  every: { type: 'int', default: 100, min: 5, max: 20000 } as IntField,
  /** a link starts a run only when it says so */
  start: { type: 'bool', default: false } as BoolField,
};

/** The graphs `arch` can train with (MobileNetV2-Nano has no Grapher: only its own, which is none). */
export function graphsOf(arch: TrainArch): { id: GraphName; label: string }[] {
  if (arch === 'mobilenetv2_nano') return [{ id: 'own', label: 'none (a CNN, no Grapher)' }];
  return GRAPHS[arch as SurgeryArch].map((g) => ({ id: g.id, label: g.label }));
}

/** `graph` when `arch` has it, else the model's own (a link may name a graph of another model). */
export const validGraph = (arch: TrainArch, graph: GraphName): GraphName =>
  graphsOf(arch).some((g) => g.id === graph) ? graph : 'own';

export type { TrainArch, TrainSettings };
export const archLabel = (arch: string): string => modelLabel(arch);

/** One line naming everything that sets a run apart: model, graph, start, optimiser, lr, batch, schedule, seed. */
export function runLabel(s: TrainSettings): string {
  const graph = s.arch === 'mobilenetv2_nano' ? '' : `, graph ${s.graph}`;
  const init = s.init === 'scratch' ? 'from scratch' : 'from the shipped weights';
  return (
    `${archLabel(s.arch)}${graph}, ${init}, ${s.optimizer === 'adamw' ? 'AdamW' : 'SGD'} lr ${s.lr}, ` +
    `batch ${s.batch}, ${s.steps} steps, seed ${s.seed}${s.augment ? '' : ', no augmentation'}`
  );
}

/** The run's settings from the URL state (a graph the model lacks becomes its own). */
export function settingsOf(s: StateOf<typeof trainSchema>): TrainSettings {
  return {
    arch: s.arch,
    graph: validGraph(s.arch, s.graph),
    init: s.init,
    optimizer: s.optimizer,
    lr: s.lr,
    batch: Number(s.batch),
    steps: s.steps,
    warmup: Math.min(s.warmup, s.steps),
    wd: s.wd,
    ls: s.ls,
    augment: s.augment,
    seed: s.seed,
    every: s.every,
  };
}
