// The chapter list in reading order (frontmatter `order`, then file name), and chapter URLs.
import { getCollection, type CollectionEntry } from 'astro:content';
import { asset } from './paths';

export type Chapter = CollectionEntry<'chapters'>;

export async function sortedChapters(): Promise<Chapter[]> {
  const all = await getCollection('chapters');
  return all.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** The chapter's path inside the site, '/chapters/<id>/' (for a link, pass it through asset() or use chapterHref). */
export function chapterUrl(id: string): string {
  return `/chapters/${id}/`;
}

/** The chapter's link, under the site's base path: '/vig-lab/chapters/<id>/' when built with --base /vig-lab/. */
export function chapterHref(id: string): string {
  return asset(chapterUrl(id));
}

/** Navigation label: `short` when given, else the title. */
export function chapterLabel(c: Chapter): string {
  return c.data.short ?? c.data.title;
}

/** Reading speed for the time on the home page's cards: technical prose with maths, slower than the usual 250. */
export const WORDS_PER_MINUTE = 200;

/** The words a reader reads in a chapter's MDX: the prose, without import lines, tags and code fences; a formula counts one. */
export function wordCount(mdx: string): number {
  const text = mdx
    .replace(/^(import|export)\s.*$/gm, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\$\$[\s\S]*?\$\$|\$[^$\n]*\$/g, ' formula ') // a formula reads as about one word, not its LaTeX
    .replace(/<[^>]*>/g, ' ')
    .replace(/[#*_`|{}\\$]/g, ' ');
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Minutes to read a chapter (at least 1), from its MDX at build time. */
export function readingMinutes(c: Chapter): number {
  return Math.max(1, Math.round(wordCount(c.body ?? '') / WORDS_PER_MINUTE));
}
