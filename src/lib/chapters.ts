// The chapter list in reading order (frontmatter `order`, then file name), and chapter URLs.
import { getCollection, type CollectionEntry } from 'astro:content';

export type Chapter = CollectionEntry<'chapters'>;

export async function sortedChapters(): Promise<Chapter[]> {
  const all = await getCollection('chapters');
  return all.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

export function chapterUrl(id: string): string {
  return `/chapters/${id}/`;
}

/** Navigation label: `short` when given, else the title. */
export function chapterLabel(c: Chapter): string {
  return c.data.short ?? c.data.title;
}
