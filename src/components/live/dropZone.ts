/** Let `zone` take a dropped file: highlighted while something is dragged over it, then `onFile` (or `onEmpty`). */
export function onFileDrop(zone: HTMLElement, onFile: (f: File) => void, onEmpty: () => void): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) onFile(f);
    else onEmpty();
  });
}
