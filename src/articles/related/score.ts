/** How "Read these next" scores one article against another (see ../related.ts), in one place. */

/** How many related articles each published article keeps (pages show three; the rest are spares). */
export const RELATED_KEPT = 6;

export const RELATED_WEIGHTS = {
  /** Per shared tag, for at most `maxTags` tags. */
  tag: 0.2,
  maxTags: 3,
  category: 0.15,
  author: 0.05,
  /** For a piece published just now; halves every `halfLifeDays`. */
  recency: 0.1,
  halfLifeDays: 180,
} as const;

export interface RelatedEntry {
  id: number;
  score: number;
}

export const W = RELATED_WEIGHTS;
export const DAY_MS = 86_400_000;
/** Scores that differ by less than this are compared exactly anyway; it only guards the bounds used to skip work. */
export const SLACK = 1e-9;
/** Ids per IN (…) list: below SQLite's and PostgreSQL's limits on bound values. */
const CHUNK = 5000;

/** 1 for an article published at `now`, 0.5 half a year before, and so on. */
export function freshness(publishedAt: string | null, now: Date): number {
  if (!publishedAt) return 0;
  const days = Math.max(0, (now.getTime() - Date.parse(publishedAt)) / DAY_MS);
  return Math.pow(0.5, days / W.halfLifeDays);
}

/** What tags, text and authors give: known before categories and dates are read. */
export function knownPart(text: number, tags: number, author: boolean): number {
  return text + W.tag * Math.min(tags, W.maxTags) + (author ? W.author : 0);
}

/** The most a shared category and recency can add to knownPart. */
export const REST_MAX = W.category + W.recency;

/** The score above, in one place: both ways of ranking (one article, or all at once) call it. */
export function relatedScore(text: number, tags: number, category: boolean, author: boolean, fresh: number): number {
  return knownPart(text, tags, author) + (category ? W.category : 0) + W.recency * fresh;
}

export const beats = (score: number, id: number, other: RelatedEntry) => score > other.score || (score === other.score && id > other.id);

/** The best `size` entries offered, best first. */
export class Best {
  readonly items: RelatedEntry[] = [];
  constructor(private readonly size: number) {}
  offer(id: number, score: number): void {
    const items = this.items;
    if (items.length === this.size && !beats(score, id, items[items.length - 1]!)) return;
    let i = items.length;
    while (i > 0 && beats(score, id, items[i - 1]!)) i--;
    items.splice(i, 0, { id, score });
    if (items.length > this.size) items.pop();
  }
  /** The score an entry must reach to get in (−∞ while there is room). */
  get floor(): number {
    return this.items.length < this.size ? -Infinity : this.items[this.items.length - 1]!.score;
  }
}

export function* chunks<T>(items: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
