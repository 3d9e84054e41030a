/**
 * The demo publication's pieces, one Markdown file each in ./articles, with the piece's details
 * in YAML front matter. Every word was written for Concord; the people, places, organisations,
 * studies and video ids are invented, and news sources live on the reserved example.org /
 * example.com / example.net domains so that no link points at a real site.
 *
 * A file is `NN-slug.md`: NN orders the pieces (the seed gives piece i hero image i), the rest is
 * the piece's address.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { z } from 'zod';

const FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'articles');

const FrontMatter = z.strictObject({
  kind: z.enum(['article', 'news', 'video']),
  title: z.string().min(1).max(120),
  /** One or two sentences; left out for about half, where the app derives one. */
  excerpt: z.string().max(280).optional(),
  /** Slugs from DEFAULT_CATEGORIES (src/articles/categories.ts). */
  categories: z.array(z.string()).min(1),
  tags: z.array(z.string()).min(2).max(5),
  /** 0..11: the demo mediator who wrote it; -1 means "the editors". */
  author: z.number().int().min(-1).max(11),
  /** Published this many days before the seed date; all different. */
  daysAgo: z.number().int().min(1).max(400),
  sourceName: z.string().optional(),
  sourceUrl: z.string().url().optional(),
  videoUrl: z.string().url().optional(),
  videoSeconds: z.number().int().positive().optional(),
  /** Alt text for the generated hero image. */
  heroAlt: z.string().min(1),
});

export type DemoArticle = z.infer<typeof FrontMatter> & { slug: string; body: string };

const FILE_NAME = /^\d{2}-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/;

/** Reads one piece; a file that breaks the format stops the seed with its name and the reason. */
export function readDemoArticle(file: string, text: string): DemoArticle {
  const slug = FILE_NAME.exec(file)?.[1];
  const parts = FRONT_MATTER.exec(text);
  if (!slug || slug.length > 60) throw new Error(`${file}: name it NN-slug.md (a slug of at most 60 characters)`);
  if (!parts) throw new Error(`${file}: start with front matter between two --- lines`);
  const front = FrontMatter.safeParse(YAML.parse(parts[1]!));
  if (!front.success) throw new Error(`${file}: ${front.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ...front.data, slug, body: parts[2]!.replace(/\n$/, '') };
}

export const DEMO_ARTICLES: DemoArticle[] = fs
  .readdirSync(FOLDER)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readDemoArticle(f, fs.readFileSync(path.join(FOLDER, f), 'utf8')));
