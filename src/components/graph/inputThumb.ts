// The picture the features come from, shown small beside the grids (a heat map of channel 0 means little
// without the garment or photo it was computed on). Drawn only when the image changes.
import { loadGallery, paintGrey } from '../live/fashionInput';
import { asset } from '../../lib/paths';
import { fashionImage } from '../../model/nano';
import { fashionIndex, SAMPLES, type GraphState } from './state';

let uploadUrl: { file: File; url: string } | null = null;

export function showInput(root: HTMLElement, s: GraphState, file: File | null): void {
  const box = root.querySelector<HTMLElement>('[data-input]')!;
  const key = s.src === 'random' ? 'none' : s.img === 'upload' ? `upload:${file?.name}:${file?.size}` : s.img;
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  const grey = box.querySelector<HTMLCanvasElement>('[data-input-grey]')!;
  const photo = box.querySelector<HTMLImageElement>('[data-input-photo]')!;
  const g = fashionIndex(s.img);
  grey.hidden = true;
  photo.hidden = true;
  if (key === 'none') return;
  if (g !== null) {
    void loadGallery().then(
      (set) => {
        if (box.dataset.key !== key) return; // a newer choice won
        paintGrey(grey, fashionImage(set, g));
        grey.hidden = false;
      },
      () => {
        /* the worker reports a missing gallery where it matters, next to the grids */
      },
    );
  } else {
    let src: string | null = null;
    if (s.img === 'upload' && file) {
      if (uploadUrl?.file !== file) {
        if (uploadUrl) URL.revokeObjectURL(uploadUrl.url);
        uploadUrl = { file, url: URL.createObjectURL(file) };
      }
      src = uploadUrl.url;
    } else {
      const sample = SAMPLES.find((x) => x.id === s.img);
      if (sample) src = asset(`samples/${sample.file}`);
    }
    if (src) {
      photo.src = src;
      photo.hidden = false;
    }
  }
}
