// What the live page's worker holds: one backend, the classifier the reader chose (any live architecture), the
// Pyramid ViG whose features feed the KNN panel, and the last image. Folded weights are kept, so a backend switch
// rebuilds the layers on the new backend instead of moving tensors between backends.
import { WeightsCache } from '../lib/weightsCache';
import {
  BACKENDS,
  CheckpointError,
  createModel,
  probeFinite,
  encodeWeights,
  isNanoArch,
  resolveWeights,
  useFirstBackend,
  wasmThreadsInUse,
  type Arch,
  type FoldedParams,
  type PreparedInput,
  type VisionModel,
} from '../model';
import { automaticOrder } from './gpuProbe';
import {
  isLiveArch,
  LIVE_ARCHS,
  type BackendChoice,
  type BackendInfo,
  type RgbaImage,
  type WeightsInfo,
} from './liveProtocol';
import { mb } from '../lib/units';

interface Held {
  arch: Arch;
  params: FoldedParams;
  info: WeightsInfo;
  model: VisionModel | null;
}

export class LiveModels {
  backend: BackendInfo | null = null;
  main: Held | null = null;
  /** Pyramid ViG-Ti weights the reader loaded (for the ImageNet KNN panel), kept folded */
  pvigTi: FoldedParams | null = null;
  knn: Held | null = null;
  image: { rgba: RgbaImage; prepared: Map<string, PreparedInput> } | null = null;
  private cache: Promise<WeightsCache | null> | null = null;

  constructor(
    private readonly wasmPath: string,
    private readonly threads: number,
    private readonly nanoPath: string,
  ) {}

  weightsCache(): Promise<WeightsCache | null> {
    return (this.cache ??= WeightsCache.open());
  }

  private async start(order: Parameters<typeof useFirstBackend>[0], skipped: string[] = []): Promise<BackendInfo> {
    this.dropModels();
    const { name, failures } = await useFirstBackend(order, { wasmPath: this.wasmPath, threads: this.threads });
    return (this.backend = {
      name,
      failures: [...skipped, ...failures],
      threads: wasmThreadsInUse(),
      isolated: Boolean((self as { crossOriginIsolated?: boolean }).crossOriginIsolated),
    });
  }

  /** 'auto': the fastest that starts, skipping software GPUs. A named backend that fails falls back down the list. */
  async setBackend(choice: BackendChoice): Promise<BackendInfo> {
    if (choice === 'auto') {
      const auto = await automaticOrder();
      return this.start(auto.order, auto.skipped);
    }
    return this.start([choice, ...BACKENDS.filter((b) => b !== choice)]);
  }

  /** After a failure on the current backend: move to the next one in BACKENDS order. */
  async fallBack(reason: string): Promise<BackendInfo> {
    const current = this.backend?.name;
    const rest = BACKENDS.slice(current ? BACKENDS.indexOf(current) + 1 : 0);
    if (!rest.length) throw new Error(`inference failed on ${current} and no other backend is left (${reason})`);
    const info = await this.start(rest);
    info.failures.unshift(`${current}: ${reason}`);
    return info;
  }

  /** Use these weights as the classifier; the layers are built first, so weights that fail leave the old model. */
  setMain(arch: Arch, params: FoldedParams, info: WeightsInfo): WeightsInfo {
    if (!isLiveArch(arch))
      throw new CheckpointError(
        'state-dict-mismatch',
        `${arch} weights are not a model this page runs (it runs ${LIVE_ARCHS.join(', ')})`,
      );
    const model = this.backend ? createModel(arch, params) : null;
    if (model) {
      try {
        probeFinite(model); // before the old model goes and before anything is cached
      } catch (e) {
        model.dispose();
        throw e;
      }
    }
    this.main?.model?.dispose();
    this.main = { arch, params, info, model };
    if (this.knn && isNanoArch(this.knn.arch) !== isNanoArch(arch)) this.dropKnn();
    return info;
  }

  useRandom(arch: Arch): WeightsInfo {
    if (this.main?.info.kind === 'random' && this.main.arch === arch) return this.main.info;
    return this.setMain(arch, resolveWeights(arch, 'random').params, { kind: 'random', arch, label: '' });
  }

  /** Parse once, find the architecture among every family, fold, use; a Pyramid ViG-Ti only feeds the KNN panel. */
  async loadCheckpoint(
    bytes: ArrayBuffer,
    label: string,
    origin: 'file' | 'url' | 'bundled',
    cacheId: string,
  ): Promise<WeightsInfo> {
    if (bytes.byteLength === 0) throw new CheckpointError('truncated', `${label} is empty (0 bytes)`);
    const { arch, params, info: loaded } = resolveWeights('detect', new Uint8Array(bytes));
    const extras = loaded.extras?.length ? `, also holds ${loaded.extras.join(', ')}` : '';
    const mapping = `all ${loaded.tensors} keys matched ${arch}${loaded.strippedPrefix ? ' after removing the module. prefix' : ''}; ${mb(bytes.byteLength)} file${extras}`;
    if (arch === 'pvig_ti') {
      this.pvigTi = params;
      this.dropKnn();
      return {
        kind: 'checkpoint',
        arch,
        label,
        source: loaded.source,
        mapping: `${mapping}: used by the KNN panel`,
        knnOnly: true,
        cacheNote: 'not cached (Pyramid ViG weights are kept for this visit only)',
      };
    }
    const info: WeightsInfo = {
      kind: origin === 'bundled' ? 'bundled' : 'checkpoint',
      arch,
      label,
      source: loaded.source,
      mapping,
      cacheId: origin === 'bundled' ? undefined : cacheId,
    };
    this.setMain(arch, params, info);
    if (origin !== 'bundled') this.main!.info = await this.remember(params, info, origin);
    return this.main!.info;
  }

  private async remember(params: FoldedParams, info: WeightsInfo, origin: 'file' | 'url'): Promise<WeightsInfo> {
    const cache = await this.weightsCache();
    if (!cache || !info.cacheId)
      return { ...info, cacheNote: 'not cached: this browser gives the page no Cache API storage' };
    try {
      const enc = encodeWeights(
        params,
        info.arch,
        { file: info.label, stateDict: info.source },
        Number.MAX_SAFE_INTEGER,
      );
      await cache.put({
        meta: {
          id: info.cacheId,
          label: info.label,
          arch: info.arch,
          origin,
          source: info.source ?? '',
          bytes: enc.shards[0].byteLength,
          usedAt: Date.now(),
        },
        modelJson: enc.modelJson,
        weights: enc.shards[0],
      });
      return info;
    } catch (e) {
      return { ...info, cacheId: undefined, cacheNote: `not cached (${(e as Error).message})` }; // quota and the like: the weights still run
    }
  }

  /** The classifier on the current backend, built on first use. */
  model(): VisionModel {
    if (!this.backend) throw new Error('the model worker has no backend yet (init first)');
    const m = this.main ?? (this.useRandom('mobilevig_nano'), this.main!);
    return (m.model ??= createModel(m.arch, m.params));
  }

  /** The Pyramid ViG for the KNN panel: ViG-Nano (trained, shipped) next to the nano models, else Pyramid ViG-Ti. */
  async knnModel(): Promise<{ model: VisionModel; trained: boolean }> {
    const nano = this.main ? isNanoArch(this.main.arch) : true;
    const arch: Arch = nano ? 'pvig_nano' : 'pvig_ti';
    if (!this.knn || this.knn.arch !== arch) {
      this.dropKnn();
      let params: FoldedParams,
        kind: WeightsInfo['kind'] = 'random';
      if (nano) {
        const res = await fetch(`${this.nanoPath}pvig_nano/model.pth`);
        if (!res.ok) throw new Error(`could not load the ViG-Nano weights (HTTP ${res.status})`);
        params = resolveWeights('pvig_nano', new Uint8Array(await res.arrayBuffer())).params;
        kind = 'bundled';
      } else if (this.pvigTi) {
        params = this.pvigTi;
        kind = 'checkpoint';
      } else params = resolveWeights(arch, 'random').params;
      this.knn = { arch, params, info: { kind, arch, label: '' }, model: null };
    }
    this.knn.model ??= createModel(this.knn.arch, this.knn.params);
    return { model: this.knn.model, trained: this.knn.info.kind !== 'random' };
  }

  /**
   * The last image, prepared for `model`'s input (crop or Fashion-MNIST mapping), once per input kind; `fresh` is
   * true when this call prepared it (so its time counts). Without an image (a fresh worker after a restart, say):
   * an error that says to choose one.
   */
  prepared(model: VisionModel): { input: PreparedInput; fresh: boolean } {
    if (!this.image) throw new Error('choose an image first: this model worker has none');
    const key = JSON.stringify(model.input);
    const kept = this.image.prepared.get(key);
    if (kept) return { input: kept, fresh: false };
    const { rgba, width, height } = this.image.rgba;
    const input = model.prepare({ data: rgba, width, height, channels: 4 });
    this.image.prepared.set(key, input);
    return { input, fresh: true };
  }

  setImage(img: RgbaImage): void {
    if (img.width < 1 || img.height < 1) throw new Error('the image is empty (0 pixels)');
    this.image = { rgba: img, prepared: new Map() };
  }

  private dropKnn(): void {
    this.knn?.model?.dispose();
    this.knn = null;
  }

  /** Tensors live on one backend: drop every built model before switching (the folded weights stay). */
  private dropModels(): void {
    if (this.main) {
      this.main.model?.dispose();
      this.main.model = null;
    }
    if (this.knn) {
      this.knn.model?.dispose();
      this.knn.model = null;
    }
  }
}
