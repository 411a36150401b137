// Image input: file chooser, drag and drop, paste, camera, the photo gallery and, for the Fashion-MNIST nano
// models, their test-image gallery and a drawing pad; all ending in decoded pixels.
import { asset } from '../../lib/paths';
import { FASHION_CLASSES, fashionImage } from '../../model/nano';
import { cameraMessage, startCamera, stopCamera } from './camera';
import { DrawPad, greyToImage, loadGallery, renderGallery } from './fashionInput';
import { decodeImage, describeSize, grabFrame, ImageInputError, type DecodedImage } from './imageInput';
import type { Sample } from './liveState';
import { onFileDrop } from './dropZone';

export interface InputHost {
  /** A decoded image; `sample` is the sample id or 'own'. */
  image(img: DecodedImage, sample: string, what: string, drawing?: boolean): Promise<void>;
  /** The reader's image could not be used: the shown predictions belong to the previous image. */
  failed(): void;
  status(msg: string): void;
  alert(msg: string | null): void;
}

export class InputUi {
  private stream: MediaStream | null = null;
  private readonly pad: DrawPad;
  private galleryShown = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: InputHost,
    private readonly samples: readonly Sample[],
  ) {
    const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
    const file = q<HTMLInputElement>('[data-image-file]');
    file.addEventListener('change', () => {
      if (file.files?.[0]) void this.fromBlob(file.files[0], file.files[0].name);
      file.value = '';
    });
    onFileDrop(
      q<HTMLElement>('[data-image-drop]'),
      (f) => void this.fromBlob(f, f.name),
      () => this.host.alert('Nothing to read in what was dropped: drop an image file.'),
    );
    window.addEventListener('paste', (e) => this.onPaste(e));
    q<HTMLElement>('[data-photo-gallery]').addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLButtonElement>('[data-sample]');
      if (b) void this.sample(b.dataset.sample!);
    });
    this.pad = new DrawPad(q<HTMLCanvasElement>('[data-draw]'));
    q<HTMLButtonElement>('[data-draw-use]').addEventListener('click', () => {
      const img = this.pad.image();
      if (!img) {
        this.host.alert('Draw something first (white on black, like the Fashion-MNIST images).');
        return;
      }
      this.markSample('own');
      void this.host.image(img, 'own', 'your drawing', true);
    });
    q<HTMLButtonElement>('[data-draw-clear]').addEventListener('click', () => this.pad.clear());
    q<HTMLButtonElement>('[data-camera]').addEventListener('click', () => void this.camera());
    q<HTMLButtonElement>('[data-snap]').addEventListener('click', () => void this.snap());
    q<HTMLButtonElement>('[data-camera-stop]').addEventListener('click', () => this.closeCamera());
  }

  private onPaste(e: ClipboardEvent): void {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'file'))) return; // pasting an address
    const f = [...(e.clipboardData?.files ?? [])].find((x) => x.type.startsWith('image/'));
    if (f) {
      e.preventDefault();
      void this.fromBlob(f, 'the pasted image');
    } else if (this.root.contains(document.activeElement))
      this.host.alert('The clipboard holds no image (copy an image, not its file name).');
  }

  /** Show the inputs of the current model's dataset: Fashion-MNIST (gallery, drawing) or ImageNet photos. */
  setGroup(nano: boolean): void {
    for (const el of this.root.querySelectorAll<HTMLElement>('[data-group]'))
      el.hidden = el.dataset.group !== (nano ? 'nano' : 'imagenet');
    if (nano && !this.galleryShown) {
      this.galleryShown = true;
      void renderGallery(
        this.root.querySelector<HTMLElement>('[data-fashion-list]')!,
        (i) => void this.sample(`fashion-${i}`),
      )
        .then(() => this.markSample(this.pressed))
        .catch((e) => this.host.alert(`The Fashion-MNIST gallery could not be loaded: ${(e as Error).message}`));
    }
  }

  private pressed = '';

  markSample(id: string): void {
    this.pressed = id;
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('[data-sample]'))
      b.setAttribute('aria-pressed', String(b.dataset.sample === id));
    const s = this.samples.find((x) => x.id === id);
    this.root.querySelector('[data-credit]')!.textContent = s
      ? `${s.title}. Photo: ${s.credit}. Licence: ${s.licence}.`
      : id.startsWith('fashion-')
        ? 'A Fashion-MNIST test image (MIT licence, Zalando Research); the models never saw it during training.'
        : '';
  }

  async sample(id: string): Promise<void> {
    if (id.startsWith('fashion-')) {
      try {
        const set = await loadGallery();
        const i = Number(id.slice('fashion-'.length));
        if (!(i >= 0 && i < set.count)) return;
        this.markSample(id);
        await this.host.image(
          greyToImage(fashionImage(set, i)),
          id,
          `Fashion-MNIST test image (a ${FASHION_CLASSES[set.labels[i]]})`,
        );
      } catch (e) {
        this.host.alert((e as Error).message);
      }
      return;
    }
    const s = this.samples.find((x) => x.id === id);
    if (!s) return;
    this.host.alert(null);
    this.host.status(`Loading the sample “${s.title}”…`);
    try {
      const res = await fetch(asset(`samples/${s.file}`));
      if (!res.ok) throw new ImageInputError(`the sample ${s.file} is missing from the site (HTTP ${res.status})`);
      const img = await decodeImage(await res.blob(), s.title);
      this.markSample(id);
      await this.host.image(img, id, s.title);
    } catch (e) {
      this.host.alert((e as Error).message);
    }
  }

  async fromBlob(blob: Blob, name: string): Promise<void> {
    this.host.alert(null);
    this.host.status(`Reading ${name}…`);
    try {
      const img = await decodeImage(blob, name);
      this.markSample('own');
      await this.host.image(img, 'own', `${name} (${describeSize(img)})`);
    } catch (e) {
      this.host.status('');
      this.host.failed();
      this.host.alert(e instanceof ImageInputError ? e.message : `Could not use ${name}: ${(e as Error).message}`);
    }
  }

  private async camera(): Promise<void> {
    const box = this.root.querySelector<HTMLElement>('[data-camera-box]')!;
    const video = this.root.querySelector<HTMLVideoElement>('[data-video]')!;
    this.host.alert(null);
    try {
      box.hidden = false;
      this.stream = await startCamera(video);
      this.host.status('Camera on. Press “Take photo”.');
      this.root.querySelector<HTMLButtonElement>('[data-snap]')!.focus();
    } catch (e) {
      box.hidden = true;
      this.host.alert((e as Error).name === 'CameraError' ? (e as Error).message : cameraMessage(e));
    }
  }

  private async snap(): Promise<void> {
    const video = this.root.querySelector<HTMLVideoElement>('[data-video]')!;
    try {
      const img = grabFrame(video);
      this.closeCamera();
      this.markSample('own');
      await this.host.image(img, 'own', `a camera photo (${describeSize(img)})`);
    } catch (e) {
      this.host.alert((e as Error).message);
    }
  }

  private closeCamera(): void {
    stopCamera(this.root.querySelector<HTMLVideoElement>('[data-video]')!, this.stream);
    this.stream = null;
    this.root.querySelector<HTMLElement>('[data-camera-box]')!.hidden = true;
  }
}
