// The worker's one model: which backend runs, which MobileViG, with which (folded) weights. The folded weights are
// kept, so a backend switch rebuilds the layers on the new backend instead of moving tensors between backends.
import { BACKENDS, useFirstBackend, type BackendName } from '../model/backend';
import { foldMobileViG, isMobileViGName } from '../model/convert/fold';
import type { FoldedParams } from '../model/fold';
import { MOBILEVIG_CONFIGS, type MobileViGName } from '../model/mobilevig/config';
import { MobileViG } from '../model/mobilevig/model';
import { mobilevigSpec } from '../model/mobilevig/spec';
import { randomStateDict } from '../model/randomInit';
import { automaticOrder } from './gpuProbe';
import type { BackendChoice, BackendInfo, WeightsInfo } from './modelProtocol';

const RANDOM_SEED = 0;

export class ModelState {
  backend: BackendInfo | null = null;
  arch: MobileViGName = 'mobilevig_ti';
  weights: WeightsInfo = { kind: 'random', arch: 'mobilevig_ti', label: '' };
  private params: FoldedParams | null = null;
  private model: MobileViG | null = null;
  /** called before the backend changes, so other tfjs users (the KNN model) can drop their tensors */
  onBackendChange: () => void = () => {};

  constructor(private readonly wasmPath: string) {}

  /** Switch backend ('auto': the fastest that starts). A named backend that fails falls back down the list. */
  async setBackend(choice: BackendChoice): Promise<BackendInfo> {
    this.dropModel();
    this.onBackendChange();
    const auto = choice === 'auto' ? await automaticOrder() : { order: [choice, ...BACKENDS.filter((b) => b !== choice)], skipped: [] };
    const { name, failures } = await useFirstBackend(auto.order, { wasmPath: this.wasmPath });
    this.backend = { name, failures: [...auto.skipped, ...failures] };
    return this.backend;
  }

  /** After a failure on the current backend: move to the next one in BACKENDS order. */
  async fallBack(reason: string): Promise<BackendInfo> {
    const current = this.backend?.name;
    const rest = BACKENDS.slice(current ? BACKENDS.indexOf(current) + 1 : 0);
    if (!rest.length) throw new Error(`inference failed on ${current} and no other backend is left (${reason})`);
    this.dropModel();
    this.onBackendChange();
    const { name, failures } = await useFirstBackend(rest, { wasmPath: this.wasmPath });
    this.backend = { name, failures: [`${current}: ${reason}`, ...failures] };
    return this.backend;
  }

  /** Builds the layers first, so weights that cannot build (a stale conversion) leave the current model in place. */
  setWeights(arch: string, params: FoldedParams, info: WeightsInfo): void {
    if (!isMobileViGName(arch)) throw new Error(`unknown architecture '${arch}'`);
    const next = this.backend ? MobileViG.fromFolded(params, arch) : null;
    this.dropModel();
    this.model = next;
    this.arch = arch;
    this.params = params;
    this.weights = info;
  }

  /** Seeded random weights, folded the same way as a checkpoint's. */
  useRandom(arch: string): WeightsInfo {
    if (!isMobileViGName(arch)) throw new Error(`unknown architecture '${arch}' (known: ${Object.keys(MOBILEVIG_CONFIGS).join(', ')})`);
    if (this.weights.kind === 'random' && this.arch === arch && this.params) return this.weights;
    const sd = randomStateDict(mobilevigSpec(MOBILEVIG_CONFIGS[arch]).entries, RANDOM_SEED);
    this.setWeights(arch, foldMobileViG(sd, arch), { kind: 'random', arch, label: '' });
    return this.weights;
  }

  /** The model on the current backend, built on first use. */
  get(): MobileViG {
    if (!this.backend) throw new Error('the model worker has no backend yet (init first)');
    if (!this.params) this.useRandom(this.arch);
    this.model ??= MobileViG.fromFolded(this.params!, this.arch);
    return this.model;
  }

  get backendName(): BackendName {
    if (!this.backend) throw new Error('no backend yet');
    return this.backend.name;
  }

  private dropModel(): void {
    this.model?.dispose();
    this.model = null;
  }
}
