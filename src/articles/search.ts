import { escapeHtml } from '@kitajs/html';
import { sql } from 'kysely';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import { parseSearchQuery as parseDirectoryQuery } from '../directory/schema.ts';
import { searchMediators } from '../directory/search.ts';
import type { SearchHit } from '../directory/types.ts';
import { cardsByIds, type ArticleCard } from './queries.ts';
import { hideEmailAddresses } from '../web/markdown.ts';
import { plainText } from './text.ts';
import { ENGLISH_STOP_WORDS } from './terms.ts';

/**
 * The site search (/search): published articles with highlighted snippets, and a few listed
 * mediators from the directory's own keyword search.
 *
 * Highlighting differs by engine (FTS5's snippet() and highlight() with bm25 on SQLite,
 * ts_headline with ts_rank on PostgreSQL), so it is one small interface with one implementation
 * per engine, like the index itself (text-search.ts). Either engine marks matches with two
 * private-use characters, never with tags: the whole snippet is escaped as text first, and only
 * then are the markers turned into <mark>, so nothing an author wrote can become markup.
 */

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const MARKERS = /[\uE000\uE001]/g;
export const MAX_SEARCH_TERMS = 8;
const APOSTROPHES = /['’ʼ`´]/;

/**
 * What a visitor typed → search terms: letters and digits only, lower case, no accents, at most
 * eight. A word with an apostrophe keeps its parts ("don't" → don, t): the SQLite index keeps
 * the text as written, where an apostrophe separates words; PostgreSQL's index joins them.
 * "don't" finds both spellings on both engines; "dont" typed without the apostrophe finds
 * "don't" only on PostgreSQL, the one place the engines differ.
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
 * milliseconds. Past this many matches, only the most recently added ones are ranked (both
 * engines alike), and the page says so.
 */
export const SEARCH_WINDOW = 1000;

export interface FoundArticles {
  /** How many published articles match. */
  total: number;
  /** How many of them were ranked: all, or the SEARCH_WINDOW most recently added. */
  ranked: number;
  /** One page of ids, best first. */
  ids: number[];
}

export interface ArticleTextSearch {
  /** `window`: how many of the most recently added matches to rank at most (SEARCH_WINDOW). */
  find(db: Db, terms: string[][], page: { limit: number; offset: number }, window?: number): Promise<FoundArticles>;
  /** The title and a snippet of each of these articles, with every match marked. */
  highlight(db: Db, terms: string[][], ids: number[]): Promise<Map<number, HighlightedText>>;
}

// Terms are letters and digits only (searchTerms), so quoting them cannot break out of the
// FTS5 string or the tsquery; the query text itself is a bound parameter either way.
// "don't" is either the phrase don t (as FTS5 reads the text) or dont (as typed without it),
// as PostgreSQL's index, which joins the parts, finds both.
const ftsQuery = (terms: string[][]) =>
  terms.map((parts) => (parts.length > 1 ? `("${parts.join(' ')}"* OR "${parts.join('')}"*)` : `"${parts[0]}"*`)).join(' ');
const tsQuery = (terms: string[][]) => terms.map((parts) => `${parts.join('')}:*`).join(' & ');
/** For ts_headline, which parses the text as written: "don't" is the phrase don <-> t there. */
const tsHeadlineQuery = (terms: string[][]) =>
  terms.map((parts) => (parts.length > 1 ? `(${parts.join('')}:* | ${parts.map((p, i) => (i === parts.length - 1 ? `${p}:*` : p)).join(' <-> ')})` : `${parts[0]}:*`)).join(' & ');

const hasMark = (s: string) => s.includes(MARK_START);
const stripMarkers = (s: string) => s.replace(MARKERS, '');

const sqliteSearch: ArticleTextSearch = {
  async find(db, terms, page, window = SEARCH_WINDOW) {
    const match = ftsQuery(terms);
    const count = await sql<{ n: number }>`SELECT count(*) AS n FROM article_fts WHERE article_fts MATCH ${match}`.execute(db);
    const total = Number(count.rows[0]?.n ?? 0);
    if (!total) return { total, ranked: 0, ids: [] };
    let floor = 0;
    if (total > window) {
      const edge = await sql<{ id: number }>`SELECT rowid AS id FROM article_fts WHERE article_fts MATCH ${match}
        ORDER BY rowid DESC LIMIT 1 OFFSET ${window - 1}`.execute(db);
      floor = edge.rows[0]?.id ?? 0;
    }
    // Title counts most, then tags and the excerpt, then the body (columns: title, excerpt,
    // body, tags). bm25() in ORDER BY, not the rank column: FTS5 then honours the rowid floor
    // before ranking (on 50,000 synthetic articles with 11,000 matches: about 3 ms against 13 ms). No snippets here:
    // SQLite would build one for every match before sorting.
    const rows = await sql<{ id: number }>`SELECT rowid AS id FROM article_fts WHERE article_fts MATCH ${match} AND rowid >= ${floor}
      ORDER BY bm25(article_fts, 10.0, 4.0, 1.0, 6.0), rowid DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
    return { total, ranked: Math.min(total, window), ids: rows.rows.map((r) => r.id) };
  },
  async highlight(db, terms, ids) {
    if (!ids.length) return new Map();
    // "+rowid": the ids filter rows after FTS5 finds them; as an index constraint FTS5 would
    // look each id up through every match (same test: about 4 ms against 12 ms).
    const { rows } = await sql<{ id: number; title: string; excerpt: string; body: string }>`
      SELECT rowid AS id,
        highlight(article_fts, 0, ${MARK_START}, ${MARK_END}) AS title,
        highlight(article_fts, 1, ${MARK_START}, ${MARK_END}) AS excerpt,
        snippet(article_fts, 2, ${MARK_START}, ${MARK_END}, '…', 28) AS body
      FROM article_fts WHERE article_fts MATCH ${ftsQuery(terms)} AND +rowid IN (${sql.join(ids)})`.execute(db);
    return new Map(rows.map((r) => [r.id, { title: r.title, snippet: hasMark(r.body) || !hasMark(r.excerpt) ? r.body : r.excerpt }]));
  },
};

const headlineOptions = (more: string) => `StartSel=${MARK_START}, StopSel=${MARK_END}, ${more}`;

const postgresSearch: ArticleTextSearch = {
  async find(db, terms, page, window = SEARCH_WINDOW) {
    const query = tsQuery(terms);
    const count = await sql<{ n: number }>`SELECT count(*) AS n FROM articles WHERE search_vector @@ to_tsquery('simple', ${query})`.execute(db);
    const total = Number(count.rows[0]?.n ?? 0);
    if (!total) return { total, ranked: 0, ids: [] };
    let floor = 0;
    if (total > window) {
      const edge = await sql<{ id: number }>`SELECT id FROM articles WHERE search_vector @@ to_tsquery('simple', ${query})
        ORDER BY id DESC LIMIT 1 OFFSET ${window - 1}`.execute(db);
      floor = edge.rows[0]?.id ?? 0;
    }
    const rows = await sql<{ id: number }>`SELECT id FROM articles, to_tsquery('simple', ${query}) AS q WHERE search_vector @@ q AND id >= ${floor}
      ORDER BY ts_rank(search_vector, q) DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
    return { total, ranked: Math.min(total, window), ids: rows.rows.map((r) => r.id) };
  },
  async highlight(db, terms, ids) {
    if (!ids.length) return new Map();
    // ts_headline reads the text itself, not the index: give it the plain text of the body
    // (Markdown taken out here), so snippets never show Markdown or link addresses.
    const docs = await db.selectFrom('articles').select(['id', 'title', 'excerpt', 'body']).where('id', 'in', ids).execute();
    if (!docs.length) return new Map();
    const shown = (text: string) => stripMarkers(hideEmailAddresses(text));
    const values = docs.map((d) => sql`(${d.id}::integer, ${shown(d.title)}, ${shown(d.excerpt)}, ${shown(plainText(d.body))})`);
    const { rows } = await sql<{ id: number; title: string; excerpt: string; body: string }>`
      SELECT v.id,
        ts_headline('simple', v.title, q, ${headlineOptions('HighlightAll=true')}) AS title,
        ts_headline('simple', v.excerpt, q, ${headlineOptions('HighlightAll=true')}) AS excerpt,
        ts_headline('simple', v.body, q, ${headlineOptions('MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=" … "')}) AS body
      FROM (VALUES ${sql.join(values)}) AS v(id, title, excerpt, body), to_tsquery('simple', ${tsHeadlineQuery(terms)}) AS q`.execute(db);
    return new Map(rows.map((r) => [r.id, { title: r.title, snippet: hasMark(r.body) || !hasMark(r.excerpt) ? r.body : r.excerpt }]));
  },
};

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
  /** ranked < total when many match: only the most recently added SEARCH_WINDOW were ranked. */
  articles: { total: number; ranked: number; page: number; pageCount: number; results: ArticleResult[] };
  mediators: { total: number; hits: SearchHit[] };
}

export const MEDIATORS_SHOWN = 4;

/**
 * Searches articles (one page) and listed mediators (the first few, ranked by the directory's
 * rules) for what the visitor typed. Returns 'out_of_range' for a page past the last.
 */
export async function searchSite(
  deps: { db: Db; engine: Engine },
  q: string,
  page: number,
  pageSize: number,
  now: Date,
): Promise<{ status: 'ok'; result: SiteSearchResult } | { status: 'no_terms' } | { status: 'out_of_range'; pageCount: number; total: number }> {
  const { terms, dropped } = searchTerms(q);
  if (!terms.length) return { status: 'no_terms' };
  const engineSearch = articleTextSearchFor(deps.engine);
  const found = await engineSearch.find(deps.db, terms, { limit: pageSize, offset: (page - 1) * pageSize });
  const pageCount = Math.max(1, Math.ceil(found.ranked / pageSize));
  if (page > pageCount) return { status: 'out_of_range', pageCount, total: found.total };

  const [cards, marked, mediators] = await Promise.all([
    cardsByIds(deps.db, found.ids),
    engineSearch.highlight(deps.db, terms, found.ids),
    searchMediatorsFor(deps, terms, now),
  ]);
  const results = cards.map((card) => {
    const m = marked.get(card.id);
    return { card, titleHtml: m ? markedHtml(m.title) : escapeHtml(card.title), snippetHtml: m ? markedHtml(joinLines(m.snippet)) : escapeHtml(card.excerpt) };
  });
  return { status: 'ok', result: { terms, dropped, articles: { total: found.total, ranked: found.ranked, page, pageCount, results }, mediators } };
}

/** The directory's keyword search, with no place: every listed mediator who matches, best first. */
async function searchMediatorsFor(deps: { db: Db; engine: Engine }, terms: string[][], now: Date): Promise<{ total: number; hits: SearchHit[] }> {
  const parsed = parseDirectoryQuery({ q: terms.map((parts) => parts.join('')).join(' ') });
  if (!parsed.ok) return { total: 0, hits: [] };
  const outcome = await searchMediators(deps, parsed.params, now);
  if (outcome.status !== 'ok') return { total: 0, hits: [] };
  return { total: outcome.result.total, hits: outcome.result.results.slice(0, MEDIATORS_SHOWN) };
}
