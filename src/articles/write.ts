import type { Db } from '../db/database.ts';
import type { ArticleStatus, ArticleTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';
import { slugOf } from '../lib/latin.ts';
import type { DbContext } from '../web/context.ts';
import { deriveExcerpt, readingMinutes } from './text.ts';
import { parseVideoUrl } from './video.ts';
import { afterPublicationChange } from './publishing.ts';
import type { ArticleContent, ArticleInput } from './types.ts';

// Not the directory's slugify: that one falls back to "mediator" when nothing is left, and a tag
// or title with no letter a slug can keep must not quietly become "mediator".

/** Tag names → slugs: "Online mediation" and "online-mediation" are one tag. '' when nothing is left. */
export function tagSlug(name: string): string {
  return slugOf(name);
}

export function articleSlug(title: string): string {
  return slugOf(title) || 'article';
}

async function freeSlug(db: Db, wanted: string, exceptId?: number): Promise<string> {
  const base = articleSlug(wanted);
  const rows = await db.selectFrom('articles').select(['slug', 'id']).where('slug', 'like', `${base}%`).execute();
  const taken = new Set(rows.filter((r) => r.id !== exceptId).map((r) => r.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** The columns that follow from the content (excerpt, video id, reading time…). */
function contentColumns(c: ArticleContent) {
  const video = c.kind === 'video' && c.videoUrl ? parseVideoUrl(c.videoUrl) : null;
  if (video && !video.ok) throw new Error(`invalid video URL (${video.problem}); validate before saving`);
  const written = (c.excerpt ?? '').trim();
  return {
    kind: c.kind,
    title: c.title.trim(),
    excerpt: written || deriveExcerpt(c.body),
    excerpt_written: written ? 1 : 0,
    body: c.body,
    source_name: c.kind === 'news' ? (c.sourceName?.trim() || null) : null,
    source_url: c.kind === 'news' ? (c.sourceUrl?.trim() || null) : null,
    video_url: video?.ok ? c.videoUrl!.trim() : null,
    video_provider: video?.ok ? video.video.provider : null,
    video_id: video?.ok ? video.video.id : null,
    video_seconds: c.kind === 'video' ? (c.videoSeconds ?? null) : null,
    hero_image: c.hero?.image ?? null,
    hero_alt: c.hero?.alt ?? null,
    hero_width: c.hero?.width ?? null,
    hero_height: c.hero?.height ?? null,
    reading_minutes: readingMinutes(c.kind, c.body, c.videoSeconds),
  } satisfies Partial<Insertable<ArticleTable>>;
}

/** Creates missing tags; returns the ids of these tag names. */
async function tagIds(db: Db, names: string[]): Promise<number[]> {
  const bySlug = new Map<string, string>();
  for (const n of names) {
    const name = n.trim().replace(/\s+/g, ' ');
    const slug = tagSlug(name);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, name.toLowerCase());
  }
  if (!bySlug.size) return [];
  const slugs = [...bySlug.keys()];
  const existing = await db.selectFrom('tags').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  const idBySlug = new Map(existing.map((t) => [t.slug, t.id]));
  let missing = slugs.filter((s) => !idBySlug.has(s));
  if (missing.length) {
    // A tag an editor renamed keeps its old slug (its address): a writer typing its new name
    // means that tag, not a new one. Read only when a typed tag is new, and tags are few.
    for (const t of await db.selectFrom('tags').select(['id', 'name']).execute()) {
      const slug = tagSlug(t.name);
      if (missing.includes(slug) && !idBySlug.has(slug)) idBySlug.set(slug, t.id);
    }
    missing = missing.filter((s) => !idBySlug.has(s));
  }
  if (missing.length) {
    await db.insertInto('tags').values(missing.map((slug) => ({ slug, name: bySlug.get(slug)! }))).onConflict((oc) => oc.column('slug').doNothing()).execute();
    for (const r of await db.selectFrom('tags').select(['id', 'slug']).where('slug', 'in', missing).execute()) idBySlug.set(r.slug, r.id);
  }
  // The old and the new name of one renamed tag are one tag.
  return [...new Set(slugs.map((s) => idBySlug.get(s)!))];
}

async function replaceLinks(db: Db, id: number, content: ArticleContent, authorIds: number[] | undefined): Promise<void> {
  await db.deleteFrom('article_categories').where('article_id', '=', id).execute();
  const categories = content.categories.length
    ? await db.selectFrom('categories').select('id').where('slug', 'in', [...new Set(content.categories)]).execute()
    : [];
  if (categories.length) await db.insertInto('article_categories').values(categories.map((c) => ({ article_id: id, category_id: c.id }))).execute();

  await db.deleteFrom('article_tags').where('article_id', '=', id).execute();
  const tags = await tagIds(db, content.tags);
  if (tags.length) await db.insertInto('article_tags').values(tags.map((tag_id) => ({ article_id: id, tag_id }))).execute();

  if (content.associations) {
    await db.deleteFrom('article_associations').where('article_id', '=', id).execute();
    // Only those that still exist: a restored revision may name an association deleted since.
    const existing = content.associations.length ? await db.selectFrom('associations').select('id').where('id', 'in', content.associations).execute() : [];
    if (existing.length) await db.insertInto('article_associations').values(existing.map((a) => ({ article_id: id, association_id: a.id }))).execute();
  }

  if (authorIds) {
    await db.deleteFrom('article_authors').where('article_id', '=', id).execute();
    const unique = [...new Set(authorIds)];
    if (unique.length) await db.insertInto('article_authors').values(unique.map((author_id, position) => ({ article_id: id, author_id, position }))).execute();
  }
}

/** The editable content as kept in a revision (and restored from one). */
export function revisionContent(c: ArticleContent): ArticleContent {
  return {
    kind: c.kind,
    title: c.title,
    excerpt: c.excerpt ?? '',
    body: c.body,
    sourceName: c.sourceName ?? null,
    sourceUrl: c.sourceUrl ?? null,
    videoUrl: c.videoUrl ?? null,
    videoSeconds: c.videoSeconds ?? null,
    categories: [...c.categories],
    tags: [...c.tags],
    hero: c.hero ?? null,
    associations: [...(c.associations ?? [])],
  };
}

async function keepRevision(db: Db, id: number, content: ArticleContent, userId: number | null, now: string): Promise<void> {
  await db.insertInto('article_revisions').values({ article_id: id, user_id: userId, created_at: now, content: JSON.stringify(revisionContent(content)) }).execute();
}

/** Who saved a piece (null for the seed), and when. */
export interface Saved {
  userId: number | null;
  now: Date;
}

/**
 * Creates an article with its authors, categories and tags, and keeps its first revision.
 * Validate first (src/articles/schema.ts): this trusts its input. The caller opens the transaction.
 */
export async function createArticle(ctx: DbContext, input: ArticleInput, saved: Saved): Promise<{ id: number; slug: string }> {
  const { db } = ctx;
  const now = saved.now.toISOString();
  const slug = await freeSlug(db, input.slug || input.title);
  const status: ArticleStatus = input.status ?? 'draft';
  const row = await db
    .insertInto('articles')
    .values({
      ...contentColumns(input),
      slug,
      status,
      created_by: saved.userId,
      created_at: now,
      updated_at: now,
      publish_at: input.publishAt ?? null,
      published_at: status === 'published' ? (input.publishedAt ?? now) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceLinks(db, row.id, input, input.authorIds);
  await keepRevision(db, row.id, input, saved.userId, now);
  if (status === 'published') await afterPublicationChange(ctx, [row.id], saved.now);
  return { id: row.id, slug };
}

/**
 * Replaces an article's content (not its status), keeps a revision, and, when it is published,
 * updates search and related reading and shows an "Updated" date. Authors change only when given.
 */
export async function updateArticle(ctx: DbContext, id: number, given: ArticleContent & { authorIds?: number[] }, saved: Saved): Promise<void> {
  const { db } = ctx;
  // The revision keeps the associations the piece has when this save leaves them as they are.
  const content = given.associations ? given : { ...given, associations: await associationIdsOf(db, id) };
  const now = saved.now.toISOString();
  const current = await db.selectFrom('articles').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
  const published = current.status === 'published';
  await db
    .updateTable('articles')
    .set({ ...contentColumns(content), updated_at: now, ...(published ? { revised_at: now } : {}) })
    .where('id', '=', id)
    .execute();
  await replaceLinks(db, id, content, content.authorIds);
  await keepRevision(db, id, content, saved.userId, now);
  if (published) await afterPublicationChange(ctx, [id], saved.now);
}

async function associationIdsOf(db: Db, id: number): Promise<number[]> {
  return (await db.selectFrom('article_associations').select('association_id').where('article_id', '=', id).orderBy('association_id').execute()).map((r) => r.association_id);
}

/** The content of an article as its writer last saved it: the editing form's starting point. */
export async function loadContent(db: Db, id: number): Promise<ArticleContent | undefined> {
  const a = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) return undefined;
  const [categories, tags, associations] = await Promise.all([
    db.selectFrom('article_categories').innerJoin('categories', 'categories.id', 'article_categories.category_id').select('categories.slug').where('article_id', '=', id).execute(),
    db.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select('tags.name').where('article_id', '=', id).orderBy('tags.name').execute(),
    associationIdsOf(db, id),
  ]);
  return {
    kind: a.kind,
    title: a.title,
    excerpt: a.excerpt_written ? a.excerpt : '',
    body: a.body,
    sourceName: a.source_name,
    sourceUrl: a.source_url,
    videoUrl: a.video_url,
    videoSeconds: a.video_seconds,
    categories: categories.map((c) => c.slug),
    tags: tags.map((t) => t.name),
    hero: a.hero_image ? { image: a.hero_image, alt: a.hero_alt ?? '', width: a.hero_width ?? 0, height: a.hero_height ?? 0 } : null,
    associations,
  };
}
