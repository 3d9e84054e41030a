import { normalise } from '../geo/places.ts';

/**
 * The words related reading compares articles by: TF-IDF weights of the title and body.
 * Pure functions, so SQLite and PostgreSQL get the same terms and the same weights (the
 * engines' own text search tokenises differently, so it is not used here).
 */

/** How many of an article's strongest terms are kept (article_terms): enough to find its neighbours, few enough to keep look-ups short. */
export const TERMS_KEPT = 24;

/** The title counts as often as this many mentions in the body: it says what the piece is about. */
const TITLE_REPEAT = 2;

/** Common English words: they say nothing about a topic, and match nearly every piece. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also although always am an and another any are around as at away back be because been
  before being below between both but by can cannot could did do does doing done down during each either else enough even ever
  every few for from further get gets getting give given go goes going got had has have having he her here hers herself him
  himself his how however i if in into is it its itself just keep kept know last least less let like little made make makes
  making many may me might more most much must my myself need needs never new next no nor not nothing now of off often on once
  one only or other others our ours ourselves out over own part per perhaps put quite rather really said same say says see seem
  seems several she should show since so some something sometimes still such take taken takes than that the their theirs them
  themselves then there these they thing things this those though through to together too toward towards under until up upon us
  use used uses using very want was way ways we well were what whatever when where whether which while who whom whose why will
  with within without would yet you your yours yourself yourselves`
    .split(/\s+/)
    .filter(Boolean),
);

// ...and words every piece on this site uses, which say nothing about how two pieces differ.
const STOP_WORDS = new Set([...ENGLISH_STOP_WORDS, ...'mediation mediator mediators mediate mediated mediating people person session sessions'.split(' ')]);

/** Plural and singular count as one word: "disputes" is "dispute", "parties" is "party". */
function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The terms of a text in order, repeats kept: normalised words, folded, without stop words, numbers or short words. */
export function tokenise(text: string): string[] {
  const out: string[] = [];
  for (const raw of normalise(text).split(' ')) {
    if (raw.length < 3 || /^\d+$/.test(raw) || STOP_WORDS.has(raw)) continue;
    const word = fold(raw);
    if (!STOP_WORDS.has(word)) out.push(word);
  }
  return out;
}

/**
 * The words of a Markdown body, without link addresses, HTML tags or entities; punctuation and
 * emphasis marks go when tokenised. Far cheaper than rendering it (plainText), which matters
 * when fifty thousand articles are weighed at once, and just as good for counting words.
 */
export function markdownWords(markdown: string): string {
  return markdown
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/&#?[a-z0-9]+;/gi, ' ');
}

/** How often each term occurs in an article's title and (Markdown) body. */
export function termCounts(title: string, body: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenise(title)) counts.set(t, (counts.get(t) ?? 0) + TITLE_REPEAT);
  for (const t of tokenise(markdownWords(body))) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

/** Code-unit order: the same in every engine and locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A word in more than one published article in twenty says little about what any of them is
 * about, and finding related articles through it means walking a long list: it is left out.
 * Small publications keep every word (idf alone weighs them down).
 */
export function commonAbove(published: number): number {
  return Math.max(50, Math.floor(published / 20));
}

/**
 * An article's strongest terms with TF-IDF weights, scaled to unit length, sorted by term.
 * weight = (1 + ln count) × ln((published + 1) / documents with the term), so a word in every
 * article weighs almost nothing and a word in few weighs most. `documents` counts the article
 * itself. Sorted by term, because the order terms are summed in decides the last bits of a cosine.
 */
export function weighTerms(counts: Map<string, number>, documents: (term: string) => number, published: number): WeightedTerm[] {
  const all: WeightedTerm[] = [];
  const common = commonAbove(published);
  for (const [term, count] of counts) {
    const df = documents(term);
    if (df > common) continue;
    const idf = Math.log((published + 1) / Math.max(1, df));
    const weight = (1 + Math.log(count)) * idf;
    if (weight > 0) all.push({ term, weight });
  }
  all.sort((a, b) => b.weight - a.weight || compareText(a.term, b.term));
  const kept = all.slice(0, TERMS_KEPT);
  const norm = Math.sqrt(kept.reduce((sum, t) => sum + t.weight * t.weight, 0));
  if (!(norm > 0)) return [];
  return kept.map((t) => ({ term: t.term, weight: t.weight / norm })).sort((a, b) => compareText(a.term, b.term));
}
