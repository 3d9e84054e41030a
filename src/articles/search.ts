import { escapeHtml } from '@kitajs/html';
import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { parseSearchQuery as parseDirectoryQuery } from '../directory/schema.ts';
import { searchMediators } from '../directory/search.ts';
import type { SearchHit } from '../directory/types.ts';
import { cardsByIds, type ArticleCard } from './queries.ts';
import { hideEmailAddresses } from '../web/markdown.ts';
import type { DbContext } from '../web/context.ts';
import { plainText } from './text.ts';
import { ENGLISH_STOP_WORDS } from './terms.ts';
import { MARK_END, MARK_START, markAll, snippet } from './snippets.ts';

export { MARK_END, MARK_START };

/**
 * The site search (/search): published articles with highlighted snippets, and a few listed
 * mediators from the directory's own keyword search.
 *
 * Matching and ranking differ by engine (FTS5 with bm25 on SQLite, a tsvector with ts_rank on
 * PostgreSQL), so they are one small interface with one implementation per engine, like the
 * index itself (text-search.ts). Highlights and snippets are made here from the text of the
 * results shown (snippets.ts), the same on both engines. Matches are marked with two private-use
 * characters, never with tags: the whole snippet is escaped as text first, and only then are the
 * markers turned into <mark>, so nothing an author wrote can become markup.
 */

const MARKERS = /[\uE000\uE001]/g;
export const MAX_SEARCH_TERMS = 8;
const APOSTROPHES = /['’ʼ`´]/;

/**
 * What a visitor typed → search terms: letters and digits only, lower case, no accents, at most
 * eight. A word with an apostrophe keeps its parts ("don't" → don, t): the SQLite index keeps
 * the text as written, where an apostrophe separates words; PostgreSQL's index joins them.
 * Both spellings find each other on both engines ("dont" also asks SQLite for "don t").
 */
export function searchTerms(q: string): { terms: string[][]; dropped: number } {
  const words = q
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}'’ʼ`´]+/u)
    .map((w) => w.split(APOSTROPHES).filter(Boolean))
    .filter((parts) => parts.length > 0);
  const seen = new Set<string>();
  const unique = words.filter((parts) => {
    const key = parts.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // "what is a caucus" searches for caucus: common words match nearly every piece and would make
  // the search read the whole index. A query of nothing but common words keeps them.
  const meaningful = unique.filter((parts) => parts.length > 1 || !ENGLISH_STOP_WORDS.has(parts[0]!));
  const kept = meaningful.length ? meaningful : unique;
  return { terms: kept.slice(0, MAX_SEARCH_TERMS), dropped: Math.max(0, kept.length - MAX_SEARCH_TERMS) };
}

export interface HighlightedText {
  /** Text with MARK_START/MARK_END around matches; turn into HTML with markedHtml. */
  title: string;
  /** A passage of the body around the matches, or the excerpt when only the title or tags matched. */
  snippet: string;
}

/**
 * Ranking reads every match, so a word found in most of 50,000 articles would cost tens of
 * milliseconds. Only the most recently added matches, this many, are counted and ranked (both
 * engines alike); past it the page says "more than 1,000" and why.
 */
export const SEARCH_WINDOW = 1000;

export interface FoundArticles {
  /** How many published articles match, counted up to the window. */
  total: number;
  /** More than the window match: only the most recently added ones were ranked. */
  more: boolean;
  /** One page of ids, best first. */
  ids: number[];
}

export interface ArticleTextSearch {
  /** `window`: how many of the most recently added matches to count and rank (SEARCH_WINDOW). */
  find(db: Db, terms: string[][], page: { limit: number; offset: number }, window?: number): Promise<FoundArticles>;
  /** The title, excerpt and plain body text of these articles, as the index holds them. */
  texts(db: Db, ids: number[]): Promise<{ id: number; title: string; excerpt: string; body: string }[]>;
}

/** The window's matches, newest first with a score (lower is better) → one page of the best. */
function rankWindow(rows: { id: number; score: number }[], window: number, page: { limit: number; offset: number }): FoundArticles {
  const ranked = rows.slice(0, window).sort((a, b) => a.score - b.score || b.id - a.id);
  return { total: ranked.length, more: rows.length > window, ids: ranked.slice(page.offset, page.offset + page.limit).map((r) => r.id) };
}

/** A prefix naming more words than this is left to FTS5's own prefix query ("t" → thousands). */
const PREFIX_WORDS = 16;

/**
 * One search term as an FTS5 query. A prefix is spelt out as the words it stands for
 * (article_fts_terms: "settle" → settle OR settled OR settlement), which FTS5 reads lazily,
 * where its own prefix query ("settle"*) merges every matching word's whole list first.
 * Terms are letters and digits only (searchTerms), so quoting them cannot break out of the
 * FTS5 string; the query itself is a bound parameter. "don't" is the phrase don t (as FTS5
 * reads the text) or dont (as typed without it); "dont" is the phrase don t too.
 */
async function ftsTerm(db: Db, parts: string[]): Promise<string> {
  const whole = parts.join('');
  const { rows } = await sql<{ term: string }>`SELECT term FROM article_fts_terms
    WHERE term >= ${whole} AND term < ${`${whole}\u{10FFFF}`} ORDER BY term LIMIT ${PREFIX_WORDS + 1}`.execute(db);
  const words = rows.length && rows.length <= PREFIX_WORDS ? rows.map((r) => `"${r.term}"`) : [`"${whole}"*`];
  if (parts.length > 1) words.unshift(`"${parts.join(' ')}"`);
  // A word nobody wrote as typed may be one written with an apostrophe. Only then: a phrase
  // with "s" or "t" reads long lists, and "parents" needs none.
  else if (rows[0]?.term !== whole) words.push(...clitics(whole).map((phrase) => `"${phrase}"`));
  return `(${words.join(' OR ')})`;
}

/** English endings that follow an apostrophe: don't, it's, they'd, I'm, we'll, you're, I've. */
const CLITICS = ['t', 's', 'd', 'm', 'll', 're', 've'];

/**
 * A word typed without its apostrophe, as the SQLite index holds it written with one: "dont" →
 * "don t", "youre" → "you re". PostgreSQL's index joins such words, so "dont" finds "don't"
 * there already; this gives SQLite the same answer.
 */
const clitics = (word: string) => CLITICS.filter((c) => word.length > c.length + 1 && word.endsWith(c)).map((c) => `${word.slice(0, -c.length)} ${c}`);

const tsQuery = (terms: string[][]) => terms.map((parts) => `${parts.join('')}:*`).join(' & ');

const sqliteSearch: ArticleTextSearch = {
  async find(db, terms, page, window = SEARCH_WINDOW) {
    // FTS5 wants AND spelt out between parenthesised groups.
    const match = (await Promise.all(terms.map((parts) => ftsTerm(db, parts)))).join(' AND ');
    // Title counts most, then tags and the excerpt, then the body (columns: title, excerpt,
    // body, tags). Newest first with LIMIT: FTS5 stops after the window instead of reading on.
    const { rows } = await sql<{ id: number; score: number }>`SELECT rowid AS id, bm25(article_fts, 10.0, 4.0, 1.0, 6.0) AS score
      FROM article_fts WHERE article_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${window + 1}`.execute(db);
    return rankWindow(rows, window, page);
  },
  async texts(db, ids) {
    if (!ids.length) return [];
    // The index keeps the plain text of each body, email addresses and markers already out.
    const { rows } = await sql<{ id: number; title: string; excerpt: string; body: string }>`
      SELECT rowid AS id, title, excerpt, body FROM article_fts WHERE rowid IN (${sql.join(ids)})`.execute(db);
    return rows;
  },
};

const postgresSearch: ArticleTextSearch = {
  async find(db, terms, page, window = SEARCH_WINDOW) {
    const { rows } = await sql<{ id: number; score: number }>`SELECT id, -ts_rank(search_vector, q) AS score
      FROM articles, to_tsquery('simple', ${tsQuery(terms)}) AS q WHERE search_vector @@ q ORDER BY id DESC LIMIT ${window + 1}`.execute(db);
    return rankWindow(rows, window, page);
  },
  async texts(db, ids) {
    if (!ids.length) return [];
    // The plain text of the body (Markdown taken out), as the SQLite index keeps it.
    const docs = await db.selectFrom('articles').select(['id', 'title', 'excerpt', 'body']).where('id', 'in', ids).execute();
    const shown = (text: string) => stripMarkers(hideEmailAddresses(text));
    return docs.map((d) => ({ id: d.id, title: shown(d.title), excerpt: shown(d.excerpt), body: shown(plainText(d.body)) }));
  },
};

const stripMarkers = (s: string) => s.replace(MARKERS, '');
const hasMark = (s: string) => s.includes(MARK_START);

/** The title and a snippet of each of these articles, with every match marked. */
export async function highlight(search: ArticleTextSearch, db: Db, terms: string[][], ids: number[]): Promise<Map<number, HighlightedText>> {
  const docs = await search.texts(db, ids);
  return new Map(
    docs.map((d) => {
      const body = snippet(d.body, terms);
      const excerpt = markAll(d.excerpt, terms);
      return [d.id, { title: markAll(d.title, terms), snippet: hasMark(body) || !hasMark(excerpt) ? body : excerpt }];
    }),
  );
}

export function articleTextSearchFor(engine: Engine): ArticleTextSearch {
  return engine === 'postgres' ? postgresSearch : sqliteSearch;
}

/**
 * Marked text → HTML: everything is escaped, then the markers become <mark>. Markers that do
 * not pair up (an author could type the characters) are dropped, so the tags always balance.
 */
export function markedHtml(text: string): string {
  let open = false;
  const html = escapeHtml(text).replace(MARKERS, (m) => {
    if (m === MARK_START && !open) {
      open = true;
      return '<mark>';
    }
    if (m === MARK_END && open) {
      open = false;
      return '</mark>';
    }
    return '';
  });
  return open ? `${html}</mark>` : html;
}

/**
 * The plain text of a body keeps its paragraphs, headings and list items on lines of their own;
 * a snippet runs them together, so a line that ends without punctuation gets a separator.
 */
export function joinLines(text: string): string {
  return text.replace(/([.!?:;…,])?[ \t]*\n\s*/g, (_m, stop: string | undefined) => (stop ? `${stop} ` : ' · '));
}

export interface ArticleResult {
  card: ArticleCard;
  /** Safe HTML: escaped text with <mark> around matches. */
  titleHtml: string;
  snippetHtml: string;
}

export interface SiteSearchResult {
  terms: string[][];
  /** Words beyond the eighth, not searched for. */
  dropped: number;
  /** more: over SEARCH_WINDOW match, and only the most recently added SEARCH_WINDOW were counted and ranked. */
  articles: { total: number; more: boolean; page: number; pageCount: number; results: ArticleResult[] };
  mediators: { total: number; hits: SearchHit[] };
}

export const MEDIATORS_SHOWN = 4;

/**
 * Searches articles (one page) and listed mediators (the first few, ranked by the directory's
 * rules) for what the visitor typed. Returns 'out_of_range' for a page past the last.
 */
export async function searchSite(
  ctx: DbContext,
  q: string,
  page: number,
  pageSize: number,
  now: Date,
  window = SEARCH_WINDOW,
): Promise<{ status: 'ok'; result: SiteSearchResult } | { status: 'no_terms' } | { status: 'out_of_range'; pageCount: number; total: number }> {
  const { terms, dropped } = searchTerms(q);
  if (!terms.length) return { status: 'no_terms' };
  const engineSearch = articleTextSearchFor(ctx.engine);
  const found = await engineSearch.find(ctx.db, terms, { limit: pageSize, offset: (page - 1) * pageSize }, window);
  const pageCount = Math.max(1, Math.ceil(found.total / pageSize));
  if (page > pageCount) return { status: 'out_of_range', pageCount, total: found.total };

  const [cards, marked, mediators] = await Promise.all([
    cardsByIds(ctx.db, found.ids),
    highlight(engineSearch, ctx.db, terms, found.ids),
    searchMediatorsFor(ctx, terms, now),
  ]);
  const results = cards.map((card) => {
    const m = marked.get(card.id);
    return { card, titleHtml: m ? markedHtml(m.title) : escapeHtml(card.title), snippetHtml: m ? markedHtml(joinLines(m.snippet)) : escapeHtml(card.excerpt) };
  });
  return { status: 'ok', result: { terms, dropped, articles: { total: found.total, more: found.more, page, pageCount, results }, mediators } };
}

/** The directory's keyword search, with no place: every listed mediator who matches, best first. */
async function searchMediatorsFor(ctx: DbContext, terms: string[][], now: Date): Promise<{ total: number; hits: SearchHit[] }> {
  const parsed = parseDirectoryQuery({ q: terms.map((parts) => parts.join('')).join(' ') });
  if (!parsed.ok) return { total: 0, hits: [] };
  const outcome = await searchMediators(ctx, parsed.params, now);
  if (outcome.status !== 'ok') return { total: 0, hits: [] };
  return { total: outcome.result.total, hits: outcome.result.results.slice(0, MEDIATORS_SHOWN) };
}
