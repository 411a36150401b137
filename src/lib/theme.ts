// Theme colours as a drawing needs them. The site's colours are light-dark() values, which getPropertyValue
// returns unresolved; the computed `color` of a hidden probe inside `el` is the resolved rgb() for the theme
// in force there.

/** Resolve CSS colour variables (name → `--var`) to rgb() strings; an unset variable gets its fallback. */
export function resolveColours<K extends string>(
  el: Element,
  vars: Record<K, [variable: string, fallback: string]>,
): Record<K, string> {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  el.append(probe);
  const out = {} as Record<K, string>;
  for (const [name, [variable, fallback]] of Object.entries(vars) as [K, [string, string]][]) {
    probe.style.color = `var(${variable}, ${fallback})`;
    out[name] = getComputedStyle(probe).color;
  }
  probe.remove();
  return out;
}
