import { associationsOfPiece } from './associations.ts';
import type { Db } from '../db/database.ts';
import { hideEmailAddresses } from '../web/markdown.ts';
import type { ArticleKind, HeroImage, Video } from './types.ts';

/**
 * The publication's public reads: only published articles, turned into the shapes the pages
 * show (cards, the article itself, authors). Drafts, submitted, scheduled and declined pieces
 * never leave this module, so no page can show one by mistake.
 */

/** A name in a byline and where it leads: a listed mediator's profile, else the author page. */
export interface Byline {
  name: string;
  href: string;
}

/** What every list shows of an article: lists, home, profile tab, author page, "Read these next". */
export interface ArticleCard {
  id: number;
  slug: string;
  kind: ArticleKind;
  title: string;
  excerpt: string;
  publishedAt: string;
  readingMinutes: number;
  videoSeconds: number | null;
  hero: HeroImage | null;
  authors: Byline[];
}

export interface ArticleAuthor extends Byline {
  id: number;
  slug: string;
  /** A listed mediator's headline, else the author's own bio line. */
  headline: string;
  photoUrl: string | null;
  /** The profile's contact page, for listed mediators only. */
  contactHref: string | null;
  mediatorSlug: string | null;
}

export interface Term {
  slug: string;
  name: string;
}

export interface PublishedArticle {
  id: number;
  slug: string;
  kind: ArticleKind;
  title: string;
  excerpt: string;
  /** Markdown, rendered by present.ts through the sanitiser. */
  body: string;
  publishedAt: string;
  /** When a published article's text last changed, else null. */
  revisedAt: string | null;
  /** Changes whenever the row does: the key for the rendered body cache. */
  updatedAt: string;
  readingMinutes: number;
  video: (Video & { seconds: number | null }) | null;
  source: { name: string; url: string } | null;
  hero: HeroImage | null;
  authors: ArticleAuthor[];
  categories: Term[];
  tags: Term[];
  /** The associations the piece concerns: their pages list it as their news. */
  associations: Term[];
}

export interface CardPage {
  total: number;
  cards: ArticleCard[];
}

export interface ListFilter {
  kind?: ArticleKind;
  categoryId?: number;
  tagId?: number;
  authorId?: number;
}

const CARD_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.kind',
  'articles.title',
  'articles.excerpt',
  'articles.published_at',
  'articles.updated_at',
  'articles.reading_minutes',
  'articles.video_seconds',
  'articles.hero_image',
  'articles.hero_alt',
  'articles.hero_width',
  'articles.hero_height',
] as const;

interface CardRow {
  id: number;
  slug: string;
  kind: ArticleKind;
  title: string;
  excerpt: string;
  published_at: string | null;
  updated_at: string;
  reading_minutes: number;
  video_seconds: number | null;
  hero_image: string | null;
  hero_alt: string | null;
  hero_width: number | null;
  hero_height: number | null;
}

function heroOf(r: Pick<CardRow, 'hero_image' | 'hero_alt' | 'hero_width' | 'hero_height'>): HeroImage | null {
  if (!r.hero_image || !r.hero_width || !r.hero_height) return null;
  return { image: r.hero_image, alt: r.hero_alt ?? '', width: r.hero_width, height: r.hero_height };
}

interface AuthorRow {
  article_id: number;
  id: number;
  slug: string;
  name: string;
  bio: string;
  mediator_slug: string | null;
  mediator_status: string | null;
  mediator_headline: string | null;
  mediator_photo: string | null;
}

/** The authors of these articles, in byline order. */
async function authorRows(db: Db, articleIds: number[]): Promise<AuthorRow[]> {
  if (!articleIds.length) return [];
  return db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
    .select([
      'article_authors.article_id',
      'authors.id',
      'authors.slug',
      'authors.name',
      'authors.bio',
      'mediators.slug as mediator_slug',
      'mediators.status as mediator_status',
      'mediators.headline as mediator_headline',
      'mediators.photo_url as mediator_photo',
    ])
    .where('article_authors.article_id', 'in', articleIds)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .execute();
}

/**
 * A mediator's profile data (headline, photo, the profile link) shows only while the profile is
 * listed: someone who unlists disappears from the directory at once, and keeps only their name
 * on what they published, which then leads to their author page.
 */
function toAuthor(r: AuthorRow): ArticleAuthor {
  const listed = r.mediator_slug !== null && r.mediator_status === 'published';
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    href: listed ? `/mediators/${r.mediator_slug}` : `/authors/${r.slug}`,
    headline: listed ? (r.mediator_headline ?? '') : r.bio,
    photoUrl: listed ? r.mediator_photo : null,
    contactHref: listed ? `/mediators/${r.mediator_slug}/contact` : null,
    mediatorSlug: listed ? r.mediator_slug : null,
  };
}

async function toCards(db: Db, rows: CardRow[]): Promise<ArticleCard[]> {
  const authors = await authorRows(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    title: r.title,
    // Addresses stay out of pages (contact goes through Concord); the body is treated alike in present.ts.
    excerpt: hideEmailAddresses(r.excerpt),
    publishedAt: r.published_at ?? r.updated_at,
    readingMinutes: r.reading_minutes,
    videoSeconds: r.video_seconds,
    hero: heroOf(r),
    authors: authors.filter((a) => a.article_id === r.id).map((a) => ({ name: a.name, href: toAuthor(a).href })),
  }));
}

function published(db: Db, filter: ListFilter) {
  let q = db.selectFrom('articles').where('articles.status', '=', 'published');
  if (filter.kind) q = q.where('articles.kind', '=', filter.kind);
  if (filter.categoryId !== undefined) {
    q = q.where('articles.id', 'in', db.selectFrom('article_categories').select('article_id').where('category_id', '=', filter.categoryId));
  }
  if (filter.tagId !== undefined) {
    q = q.where('articles.id', 'in', db.selectFrom('article_tags').select('article_id').where('tag_id', '=', filter.tagId));
  }
  if (filter.authorId !== undefined) {
    q = q.where('articles.id', 'in', db.selectFrom('article_authors').select('article_id').where('author_id', '=', filter.authorId));
  }
  return q;
}

/** Published articles, newest first, one page of cards and how many there are in all. */
export async function listPublished(db: Db, filter: ListFilter, page: { limit: number; offset: number }): Promise<CardPage> {
  const [count, rows] = await Promise.all([
    published(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    published(db, filter).select(CARD_COLUMNS).orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: Number(count.n), cards: await toCards(db, rows) };
}

/** The newest published articles (the home page). */
export async function latestCards(db: Db, limit: number): Promise<ArticleCard[]> {
  return (await listPublished(db, {}, { limit, offset: 0 })).cards;
}

/** Cards for these ids in this order, leaving out any that are not published (any more). */
export async function cardsByIds(db: Db, ids: number[]): Promise<ArticleCard[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('articles').select(CARD_COLUMNS).where('articles.id', 'in', ids).where('articles.status', '=', 'published').execute();
  const cards = await toCards(db, rows);
  const byId = new Map(cards.map((c) => [c.id, c]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A published article with everything its page shows; null for any other status. */
export async function getPublishedArticle(db: Db, slug: string): Promise<PublishedArticle | null> {
  const a = await db.selectFrom('articles').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
  if (!a) return null;
  const [authors, categories, tags, associations] = await Promise.all([
    authorRows(db, [a.id]),
    db
      .selectFrom('article_categories')
      .innerJoin('categories', 'categories.id', 'article_categories.category_id')
      .select(['categories.slug', 'categories.name'])
      .where('article_categories.article_id', '=', a.id)
      .orderBy('categories.position')
      .orderBy('categories.name')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.slug', 'tags.name'])
      .where('article_tags.article_id', '=', a.id)
      .orderBy('tags.name')
      .execute(),
    associationsOfPiece(db, a.id),
  ]);
  return {
    id: a.id,
    slug: a.slug,
    kind: a.kind,
    title: a.title,
    excerpt: hideEmailAddresses(a.excerpt),
    body: a.body,
    publishedAt: a.published_at ?? a.updated_at,
    revisedAt: a.revised_at && a.revised_at !== a.published_at ? a.revised_at : null,
    updatedAt: a.updated_at,
    readingMinutes: a.reading_minutes,
    video: a.kind === 'video' && a.video_provider && a.video_id ? { provider: a.video_provider, id: a.video_id, seconds: a.video_seconds } : null,
    source: a.kind === 'news' && a.source_name && a.source_url ? { name: a.source_name, url: a.source_url } : null,
    hero: heroOf(a),
    authors: authors.map(toAuthor),
    categories,
    tags,
    associations,
  };
}

export interface Category extends Term {
  id: number;
  description: string;
}

export async function findCategory(db: Db, slug: string): Promise<Category | null> {
  return (await db.selectFrom('categories').select(['id', 'slug', 'name', 'description']).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

/** The categories, in their set order, for the lists' navigation. */
export async function allCategories(db: Db): Promise<Term[]> {
  return db.selectFrom('categories').select(['slug', 'name']).orderBy('position').orderBy('name').execute();
}

export async function findTag(db: Db, slug: string): Promise<(Term & { id: number }) | null> {
  return (await db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

export interface AuthorPage {
  id: number;
  slug: string;
  name: string;
  bio: string;
  /** Set when the author is a listed mediator: their articles live on the profile's tab. */
  listedMediatorSlug: string | null;
}

export async function findAuthor(db: Db, slug: string): Promise<AuthorPage | null> {
  const r = await db
    .selectFrom('authors')
    .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
    .select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'mediators.slug as mediator_slug', 'mediators.status as mediator_status'])
    .where('authors.slug', '=', slug)
    .executeTakeFirst();
  if (!r) return null;
  return { id: r.id, slug: r.slug, name: r.name, bio: r.bio, listedMediatorSlug: r.mediator_slug && r.mediator_status === 'published' ? r.mediator_slug : null };
}

/** The byline of a mediator, if they have one (their profile's "Articles" tab lists its pieces). */
export async function authorIdForMediator(db: Db, mediatorId: number): Promise<number | null> {
  const r = await db.selectFrom('authors').select('id').where('mediator_id', '=', mediatorId).executeTakeFirst();
  return r?.id ?? null;
}

/** What a profile shows of its mediator's writing: how many pieces, and the newest few. */
export async function mediatorArticles(db: Db, mediatorId: number, page: { limit: number; offset: number }): Promise<CardPage> {
  const authorId = await authorIdForMediator(db, mediatorId);
  if (authorId === null) return { total: 0, cards: [] };
  return listPublished(db, { authorId }, page);
}
