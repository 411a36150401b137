// "Add to the class board": the newest run shown, as a hand-over code (src/profiler/handover.ts) the lecturer's
// /lab/board/ reads: a QR code to show a camera, the text to copy or paste, and both as files. The QR library is
// loaded only when the box is opened.
import { encodeHandover, handoverOf } from '../../profiler/handover';
import { measured, type RunRecord } from './runs';

export interface BoardHandover {
  /** show the newest run shown (or nothing) */
  update(run: RunRecord | null): void;
}

export function mountBoardHandover(box: HTMLDetailsElement): BoardHandover {
  const $ = <T extends Element>(sel: string) => box.querySelector<T>(sel)!;
  const img = $<HTMLImageElement>('[data-board-qr]');
  const code = $<HTMLTextAreaElement>('[data-board-code]');
  const status = $<HTMLElement>('[data-board-status]');
  const which = $<HTMLElement>('[data-board-run]');
  const save = $<HTMLAnchorElement>('[data-board-save]');
  const saveImg = $<HTMLAnchorElement>('[data-board-save-qr]');
  let text = '';
  let drawn = '';

  async function drawQr(): Promise<void> {
    if (!box.open || !text || drawn === text) return;
    const want = text;
    try {
      const { toDataURL } = await import('qrcode');
      const url = await toDataURL(want, { errorCorrectionLevel: 'M', margin: 2, scale: 5 });
      if (want !== text) return; // a newer run arrived meanwhile
      img.src = url;
      img.hidden = false;
      saveImg.href = url;
      drawn = want;
    } catch (e) {
      status.textContent = `The QR code could not be drawn (${(e as Error).message}); copy the text instead.`;
    }
  }
  box.addEventListener('toggle', () => void drawQr());

  $<HTMLButtonElement>('[data-board-copy]').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code.value);
      status.textContent = 'Copied: paste it into the class board, or send it to your lecturer.';
    } catch {
      code.select();
      status.textContent = 'Copying is blocked here: the code is selected, copy it with Ctrl+C.';
    }
  });

  return {
    update(run) {
      const cases = run ? measured(run) : [];
      box.hidden = cases.length === 0;
      if (!run || !cases.length) return;
      text = encodeHandover(
        handoverOf({
          id: run.handoverId,
          date: run.env.date,
          runtime: run.env.runtime,
          backend: run.backend,
          threads: run.threads,
          cores: run.env.hardwareConcurrency,
          gpu: run.env.gpu,
          cases,
        }),
      );
      code.value = text;
      which.textContent = `${run.label}, ${cases.length} case${cases.length === 1 ? '' : 's'}`;
      save.href = `data:text/plain;charset=utf-8,${encodeURIComponent(text + '\n')}`;
      img.alt = `QR code of ${run.label} for the class board (the same text as below)`;
      void drawQr();
    },
  };
}
