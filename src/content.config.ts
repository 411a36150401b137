// Chapters live in content/chapters/*.mdx; the file name (minus .mdx) is the URL slug.
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    order: z.number(),
    /** Short label for navigation; falls back to title. */
    short: z.string().optional(),
  }),
});

export const collections = { chapters };
