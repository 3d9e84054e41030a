/**
 * Words, highlights and snippets of the site search, made here rather than by the engines, so
 * both engines show the same snippet for the same article, and the text is read only for the
 * ten results shown (FTS5's snippet() re-reads the index for every match).
 *
 * A word is what SQLite's `unicode61 remove_diacritics 2` tokenizer reads as one: a run of
 * letters, digits, combining marks and private-use characters, folded to lower case without
 * accents ("Médiation" → mediation). `indexWords` is how the search vocabulary
 * (article_fts_terms) learns the words of an article; a test holds it to FTS5's own list.
 */

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** How many words a snippet shows, as FTS5's snippet() was asked for before. */
export const SNIPPET_WORDS = 28;

const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}/gu;
const APOSTROPHE = /^['’ʼ`´]$/;
const SENTENCE_END = /[.!?\n]/;
/** A word that begins a sentence this close before the first match starts the snippet instead. */
const LEAD_WORDS = 8;
/** Punctuation right after the last word ("settled.") stays with it. */
const TRAILING = /^[.,;:!?)\]”’"']{1,3}/;

export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  return ASCII.test(lower) ? lower : lower.normalize('NFD').replace(MARKS, '');
}

interface Word {
  start: number;
  end: number;
  folded: string;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = foldWord(m[0]);
    if (folded) out.push({ start: m.index, end: m.index + m[0].length, folded });
  }
  return out;
}

/** The distinct words of a text, folded as the index folds them. */
export function indexWords(text: string, into = new Set<string>()): Set<string> {
  for (const w of words(text)) into.add(w.folded);
  return into;
}

/** Words i..i+n-1 joined, when only single apostrophes separate them ("don’t" → dont); else null. */
function joined(text: string, ws: Word[], i: number, n: number): string | null {
  if (i + n > ws.length) return null;
  let s = ws[i]!.folded;
  for (let k = i + 1; k < i + n; k++) {
    if (!APOSTROPHE.test(text.slice(ws[k - 1]!.end, ws[k]!.start))) return null;
    s += ws[k]!.folded;
  }
  return s;
}

/** The last word of a match of this term starting at word i, or -1. */
function matchEnd(text: string, ws: Word[], i: number, parts: string[]): number {
  const whole = parts.join('');
  const word = ws[i]!.folded;
  if (word.startsWith(whole)) return i;
  if (parts.length > 1 && parts.every((p, k) => (k === parts.length - 1 ? ws[i + k]?.folded.startsWith(p) : ws[i + k]?.folded === p))) return i + parts.length - 1;
  if (whole.startsWith(word)) {
    for (let n = 2; n <= 3; n++) if (joined(text, ws, i, n)?.startsWith(whole)) return i + n - 1;
  }
  return -1;
}

interface Span {
  from: number;
  to: number;
  term: number;
}

/**
 * Where the search terms occur, as the search matched them: each term (its parts, see
 * searchTerms) as the beginning of a word; a term of several parts ("don't" → don, t) also as
 * those words in a row; and, as PostgreSQL's index joins words at an apostrophe, as the
 * beginning of such a joined word.
 */
function findSpans(text: string, ws: Word[], terms: string[][]): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < ws.length; i++) {
    let best: Span | null = null;
    for (const [term, parts] of terms.entries()) {
      const to = matchEnd(text, ws, i, parts);
      if (to >= 0 && (!best || to > best.to)) best = { from: i, to, term };
    }
    if (best) {
      spans.push(best);
      i = best.to;
    }
  }
  return spans;
}

function marked(text: string, ws: Word[], spans: Span[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const s of spans) {
    const start = ws[s.from]!.start;
    const end = ws[s.to]!.end;
    if (start < from || end > to) continue;
    out += `${text.slice(at, start)}${MARK_START}${text.slice(start, end)}${MARK_END}`;
    at = end;
  }
  return out + text.slice(at, to);
}

/** The whole text with every match marked (for titles and excerpts). */
export function markAll(text: string, terms: string[][]): string {
  const ws = words(text);
  return marked(text, ws, findSpans(text, ws, terms), 0, text.length);
}

/**
 * About SNIPPET_WORDS words of the text around its best matches (the most different terms,
 * then the most matches, then the earliest), starting at the beginning of the sentence when it
 * is near, with "…" where text is left out (but not after a full stop). Without a match: the
 * text's first words.
 */
export function snippet(text: string, terms: string[][], size = SNIPPET_WORDS): string {
  const ws = words(text);
  if (!ws.length) return '';
  const spans = findSpans(text, ws, terms);
  let start = 0;
  let bestScore = -1;
  for (const anchor of spans) {
    const from = Math.max(0, Math.min(anchor.from - 2, ws.length - size));
    const inside = spans.filter((s) => s.from >= from && s.to < from + size);
    const score = new Set(inside.map((s) => s.term)).size * 1000 + inside.length;
    if (score > bestScore) {
      bestScore = score;
      start = from;
    }
  }
  const first = spans.find((s) => s.from >= start);
  if (first) {
    for (let k = first.from; k >= Math.max(0, first.from - LEAD_WORDS); k--) {
      if (k === 0 || SENTENCE_END.test(text.slice(ws[k - 1]!.end, ws[k]!.start))) {
        start = k;
        break;
      }
    }
  }
  const end = Math.min(ws.length, start + size);
  const to = ws[end - 1]!.end + (TRAILING.exec(text.slice(ws[end - 1]!.end))?.[0].length ?? 0);
  const body = marked(text, ws, spans, ws[start]!.start, to);
  // A snippet that ends a sentence needs no "…" after its full stop.
  return `${start > 0 ? '…' : ''}${body}${end < ws.length && !/[.!?]["”’)]?$/.test(body) ? '…' : ''}`;
}
