/**
 * The demo publication: the 40 articles, news summaries and videos written for Concord (the
 * Markdown files in ./articles, read by articles.ts), published with generated hero images,
 * bylines of demo mediators and their related reading ranked.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { DEFAULT_CATEGORIES, ensureCategories } from '../articles/categories.ts';
import { authorForMediator, editorsAuthor } from '../articles/authors.ts';
import { createArticle } from '../articles/write.ts';
import { HERO_RATIO, HERO_WIDTHS, storeHero } from '../articles/hero.ts';
import { HeroArt } from '../articles/views/hero-art.tsx';
import { rebuildRelated } from '../articles/related.ts';
import type { HeroImage } from '../articles/types.ts';
import { DEMO_ARTICLES } from './articles.ts';

export interface DemoArticleOptions {
  /** Publication dates count back from this (each piece's daysAgo). */
  now: Date;
  /** config.articleImageDir: where the generated hero images go. */
  imageDir: string;
  log?: (msg: string) => void;
}

/**
 * Publishes the demo articles, news summaries and videos, each with a generated hero image,
 * when the publication has no articles yet. Bylines go to the first 12 demo mediators (no
 * account) by id, news summaries to the editors. Returns how many were made (0 when there were
 * articles already, or no demo mediators to write them).
 */
export async function seedDemoArticles(db: Db, engine: Engine, opts: DemoArticleOptions): Promise<number> {
  if (await db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) return 0;
  const writers = await db.selectFrom('mediators').select('id').where('user_id', 'is', null).orderBy('id').limit(12).execute();
  if (!writers.length) return 0;
  const log = opts.log ?? (() => {});
  const started = performance.now();

  // Images first, outside the transaction: encoding takes a few seconds and holds no lock.
  const heroes: HeroImage[] = [];
  for (const item of DEMO_ARTICLES) heroes.push(await demoHero(opts.imageDir, item.slug, item.heroAlt));

  const made = await db.transaction().execute(async (trx) => {
    await ensureCategories(trx, DEFAULT_CATEGORIES);
    const editors = await editorsAuthor(trx, opts.now);
    const authors = new Map<number, number>();
    for (const [i, item] of DEMO_ARTICLES.entries()) {
      let authorId = editors;
      if (item.author >= 0) {
        const mediatorId = writers[item.author % writers.length]!.id;
        authorId = authors.get(mediatorId) ?? (await authorForMediator(trx, mediatorId, opts.now));
        authors.set(mediatorId, authorId);
      }
      await createArticle(
        { db: trx, engine },
        {
          kind: item.kind,
          slug: item.slug,
          title: item.title,
          excerpt: item.excerpt ?? '',
          body: item.body,
          sourceName: item.sourceName ?? null,
          sourceUrl: item.sourceUrl ?? null,
          videoUrl: item.videoUrl ?? null,
          videoSeconds: item.videoSeconds ?? null,
          categories: item.categories,
          tags: item.tags,
          hero: heroes[i]!,
          authorIds: [authorId],
          status: 'published',
          publishedAt: new Date(opts.now.getTime() - item.daysAgo * DAY_MS).toISOString(),
        },
        { userId: null, now: opts.now },
      );
    }
    // Publishing one by one weighed each piece's terms against the pieces before it; now that
    // all are in, weigh and rank them all together.
    await rebuildRelated(trx, { now: opts.now });
    return DEMO_ARTICLES.length;
  });
  log(`created ${made} demo articles, news summaries and videos in ${Math.round(performance.now() - started)} ms`);
  return made;
}

const DAY_MS = 86_400_000;

/**
 * The hero of a demo piece: its slug's generated art (the same a piece without an image shows),
 * encoded by storeHero like an upload. The files are named by a hash of the picture, so seeding
 * another database on the same data folder reuses them instead of encoding them again.
 */
async function demoHero(dir: string, slug: string, alt: string): Promise<HeroImage> {
  const svg = await HeroArt({ slug });
  const image = crypto.createHash('sha256').update(svg).digest('hex').slice(0, 32);
  const widths = HERO_WIDTHS.map((w) => path.join(dir, `${image}-${w}.webp`));
  const biggest = HERO_WIDTHS[HERO_WIDTHS.length - 1]!;
  const hero = { image, alt, width: biggest, height: Math.round(biggest * HERO_RATIO) };
  if (widths.every((f) => fs.existsSync(f))) return hero;
  const stored = await storeHero(dir, await sharp(Buffer.from(svg)).png().toBuffer(), alt);
  if (!stored.ok) throw new Error(`demo hero ${slug}: ${stored.problem}`);
  for (const w of HERO_WIDTHS) fs.renameSync(path.join(dir, `${stored.hero.image}-${w}.webp`), path.join(dir, `${image}-${w}.webp`));
  return hero;
}
