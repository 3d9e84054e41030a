import type { Db } from '../db/database.ts';
import type { DbContext } from '../web/context.ts';
import { listCategories } from './categories.ts';
import type { ArticleContent, ArticleKind } from './types.ts';
import { formatDuration } from './video.ts';
import { updateArticle } from './write.ts';

/**
 * Revisions: every save keeps the whole editable content as JSON (write.ts). Editors see what
 * changed between a revision and the one before it, field by field, as a line diff, and can
 * restore one, which saves it again as a new revision (nothing is ever rewritten or lost).
 */

export interface RevisionItem {
  id: number;
  at: string;
  /** Who saved it (an email address, for editors), or null for the seed and deleted accounts. */
  by: string | null;
}

export async function listRevisions(db: Db, articleId: number): Promise<RevisionItem[]> {
  const rows = await db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.user_id')
    .select(['article_revisions.id', 'article_revisions.created_at', 'users.email'])
    .where('article_revisions.article_id', '=', articleId)
    .orderBy('article_revisions.id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, at: r.created_at, by: r.email }));
}

/** A stored revision's content, read defensively: it is our own JSON, but from older code too. */
export function readRevisionContent(json: string): ArticleContent {
  const raw = JSON.parse(json) as Partial<ArticleContent>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const strOrNull = (v: unknown) => (typeof v === 'string' ? v : null);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const hero = raw.hero && typeof raw.hero === 'object' && typeof raw.hero.image === 'string' ? raw.hero : null;
  return {
    kind: (['article', 'news', 'video'] as ArticleKind[]).includes(raw.kind as ArticleKind) ? (raw.kind as ArticleKind) : 'article',
    title: str(raw.title),
    excerpt: str(raw.excerpt),
    body: str(raw.body),
    sourceName: strOrNull(raw.sourceName),
    sourceUrl: strOrNull(raw.sourceUrl),
    videoUrl: strOrNull(raw.videoUrl),
    videoSeconds: typeof raw.videoSeconds === 'number' ? raw.videoSeconds : null,
    categories: list(raw.categories),
    tags: list(raw.tags),
    hero: hero ? { image: hero.image, alt: str(hero.alt), width: Number(hero.width) || 0, height: Number(hero.height) || 0 } : null,
  };
}

// --- Line diff ------------------------------------------------------------------------------------

export type DiffOp = 'same' | 'add' | 'del';
export interface DiffLine {
  op: DiffOp;
  text: string;
}

/** Above this many cells the table would be too big to build on a request; shown as replaced. */
const MAX_CELLS = 4_000_000;

/**
 * The lines of `before` and `after` in order, each kept, removed or added: a longest common
 * subsequence of lines, after setting aside the lines both share at the start and the end.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: DiffLine[] = a.slice(0, start).map((text) => ({ op: 'same', text }));
  const tail: DiffLine[] = a.slice(endA).map((text) => ({ op: 'same', text }));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const n = x.length;
  const m = y.length;
  if (n * m > MAX_CELLS) return [...head, ...x.map((text): DiffLine => ({ op: 'del', text })), ...y.map((text): DiffLine => ({ op: 'add', text })), ...tail];
  // lcs[i][j]: the length of the longest common subsequence of x[i..] and y[j..], row by row.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = x[i] === y[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const middle: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      middle.push({ op: 'same', text: x[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      middle.push({ op: 'del', text: x[i++]! });
    } else {
      middle.push({ op: 'add', text: y[j++]! });
    }
  }
  while (i < n) middle.push({ op: 'del', text: x[i++]! });
  while (j < m) middle.push({ op: 'add', text: y[j++]! });
  return [...head, ...middle, ...tail];
}

// --- What changed between two revisions -------------------------------------------------------------

export interface FieldDiff {
  label: string;
  lines: DiffLine[];
}

const KIND_WORDS: Record<ArticleKind, string> = { article: 'Article', news: 'News summary', video: 'Video' };

/** Each field as lines of text, so one diff shows every kind of change the same way. */
function asFields(c: ArticleContent | null, categoryNames: Map<string, string>): [string, string][] {
  if (!c) return [];
  return [
    ['Kind', KIND_WORDS[c.kind]],
    ['Title', c.title],
    ['Summary (excerpt)', c.excerpt ?? ''],
    ['Text', c.body],
    ['Source name', c.sourceName ?? ''],
    ['Source link', c.sourceUrl ?? ''],
    ['Video link', c.videoUrl ?? ''],
    ['Running time', c.videoSeconds ? formatDuration(c.videoSeconds) : ''],
    ['Categories', c.categories.map((s) => categoryNames.get(s) ?? s).join('\n')],
    ['Tags', c.tags.join('\n')],
    ['Image', c.hero ? `Image ${c.hero.image}` : ''],
    ['Image description', c.hero?.alt ?? ''],
  ];
}

export interface RevisionDiff {
  revision: RevisionItem;
  /** The revision before it, or null for the first: then everything shows as added. */
  previous: RevisionItem | null;
  /** Only the fields that changed, in the form's order. */
  fields: FieldDiff[];
}

export async function revisionDiff(db: Db, articleId: number, revisionId: number): Promise<RevisionDiff | undefined> {
  const rows = await db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.user_id')
    .select(['article_revisions.id', 'article_revisions.created_at', 'article_revisions.content', 'users.email'])
    .where('article_revisions.article_id', '=', articleId)
    .where('article_revisions.id', '<=', revisionId)
    .orderBy('article_revisions.id', 'desc')
    .limit(2)
    .execute();
  const [current, before] = rows;
  if (!current || current.id !== revisionId) return undefined;
  const categoryNames = new Map((await listCategories(db)).map((c) => [c.slug, c.name]));
  const now = asFields(readRevisionContent(current.content), categoryNames);
  const then = new Map(asFields(before ? readRevisionContent(before.content) : null, categoryNames));
  const fields = now
    .filter(([label, text]) => (then.get(label) ?? '') !== text)
    .map(([label, text]) => ({ label, lines: lineDiff(then.get(label) ?? '', text) }));
  const item = (r: typeof current) => ({ id: r.id, at: r.created_at, by: r.email });
  return { revision: item(current), previous: before ? item(before) : null, fields };
}

/**
 * The categories a restored piece goes back to: the revision's, where they still exist. A
 * category merged into another (or deleted) since then is gone, and the piece keeps the ones it
 * has now in its place: a merge moved it to the category that took over, and a restore must not
 * leave it in none.
 */
async function categoriesToRestore(db: Db, articleId: number, then: string[]): Promise<string[]> {
  const wanted = [...new Set(then)];
  const alive = wanted.length ? new Set((await db.selectFrom('categories').select('slug').where('slug', 'in', wanted).execute()).map((c) => c.slug)) : new Set<string>();
  if (alive.size === wanted.length) return wanted;
  const current = await db
    .selectFrom('article_categories')
    .innerJoin('categories', 'categories.id', 'article_categories.category_id')
    .select('categories.slug')
    .where('article_categories.article_id', '=', articleId)
    .orderBy('categories.position')
    .execute();
  return [...new Set([...wanted.filter((slug) => alive.has(slug)), ...current.map((c) => c.slug)])];
}

/**
 * Saves a revision's content as the piece's current content: a new revision, and "restored" in
 * the trail. Status and authors stay as they are; a published piece changes on the site at once.
 * Runs in the caller's transaction.
 */
export async function restoreRevision(ctx: DbContext, editorId: number, articleId: number, revisionId: number, now: Date): Promise<'restored' | 'not_found'> {
  const row = await ctx.db.selectFrom('article_revisions').select(['content', 'created_at']).where('id', '=', revisionId).where('article_id', '=', articleId).executeTakeFirst();
  if (!row) return 'not_found';
  const content = readRevisionContent(row.content);
  content.categories = await categoriesToRestore(ctx.db, articleId, content.categories);
  await updateArticle(ctx, articleId, content, { userId: editorId, now });
  await ctx.db
    .insertInto('article_reviews')
    .values({ article_id: articleId, user_id: editorId, action: 'restored', comment: `Restored the version saved ${new Date(row.created_at).toISOString().slice(0, 16).replace('T', ' ')} UTC`, created_at: now.toISOString() })
    .execute();
  return 'restored';
}
