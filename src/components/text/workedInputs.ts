// Reading the inputs of a worked example (src/components/text/*Example.astro): the typed numbers by row
// (0 = centre, 1… = neighbours) and channel, with invalid cells marked, and ↑/↓ stepping by 1. DOM only; the
// arithmetic is in src/graph/workedExample.ts.

export interface WorkedInput {
  centre: number[];
  neighbours: number[][];
}

/** The numbers typed into `root`'s inputs; null (and the bad cells marked aria-invalid) if any is not a number. */
export function readWorked(root: HTMLElement, parse: (t: string) => number | null): WorkedInput | null {
  const rows: number[][] = [];
  let ok = true;
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-row]')) {
    const v = parse(input.value);
    input.setAttribute('aria-invalid', String(v === null));
    const print = input.nextElementSibling;
    if (print?.classList.contains('we-print')) print.textContent = input.value;
    if (v === null) {
      ok = false;
      continue;
    }
    const r = Number(input.dataset.row),
      c = Number(input.dataset.c);
    (rows[r] ??= [])[c] = v;
  }
  if (!ok || rows.length < 2) return null;
  return { centre: rows[0], neighbours: rows.slice(1) };
}

/** ↑/↓ in an input add or subtract 1; returns true when it changed the value. */
export function stepOnArrow(
  e: KeyboardEvent,
  parse: (t: string) => number | null,
  show: (v: number) => string,
): boolean {
  const input = e.target;
  if (!(input instanceof HTMLInputElement) || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return false;
  const v = parse(input.value);
  if (v === null) return false;
  e.preventDefault();
  input.value = show(v + (e.key === 'ArrowUp' ? 1 : -1));
  return true;
}
