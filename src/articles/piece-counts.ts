import type { ArticleStatus } from '../db/schema.ts';

/** How many pieces a category or tag has: what the editors' pages show beside it. */
export interface PieceCounts {
  /** Published pieces: what its public page lists. */
  published: number;
  /** Pieces of any status (drafts, waiting, scheduled… included). */
  pieces: number;
}

/** Link counts per key and status (a GROUP BY of a link table joined to articles) → counts per key. */
export function tallyPieces(rows: { key: number; status: ArticleStatus; n: number | string | bigint }[]): Map<number, PieceCounts> {
  const counts = new Map<number, PieceCounts>();
  for (const r of rows) {
    const c = counts.get(r.key) ?? { published: 0, pieces: 0 };
    c.pieces += Number(r.n);
    if (r.status === 'published') c.published += Number(r.n);
    counts.set(r.key, c);
  }
  return counts;
}
