// Controls a share link asked to hide (`<ns>.hide=a,b`): every element marked data-control="<name>" inside a widget.
import type { UrlState } from './urlState';

export function hideControls(root: ParentNode, url: Pick<UrlState<never>, 'isHidden'>): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-control]')) el.hidden = url.isHidden(el.dataset.control!);
}
