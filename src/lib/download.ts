// Hands the reader a file made in the page (an export): a temporary object URL clicked as a download link.
export function download(name: string, type: string, body: string | Uint8Array): void {
  const url = URL.createObjectURL(new Blob([body as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A timestamp for file names: 2026-12-08T02-40-00. */
export const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
