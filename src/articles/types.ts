import type { ArticleKind, ArticleStatus, VideoProvider } from '../db/schema.ts';

export type { ArticleKind, ArticleStatus, VideoProvider };

/** What a writer edits: the whole content of an article, news summary or video, as one value. */
export interface ArticleContent {
  kind: ArticleKind;
  title: string;
  /** Optional: without one, the excerpt is derived from the body. */
  excerpt?: string;
  /** Markdown: the article, the news summary, or the video's transcript or summary. */
  body: string;
  sourceName?: string | null;
  sourceUrl?: string | null;
  videoUrl?: string | null;
  videoSeconds?: number | null;
  /** Category slugs (from the categories table). */
  categories: string[];
  /** Tag names, as typed; stored by slug. */
  tags: string[];
  hero?: HeroImage | null;
  /**
   * Ids of the associations the piece concerns (its news on their pages); editors choose them.
   * Missing: the save leaves them as they are (a member's form has no such field).
   */
  associations?: number[];
}

export interface HeroImage {
  /** File name under DATA_DIR/articles, served from /media/articles/<name>. */
  image: string;
  alt: string;
  width: number;
  height: number;
}

export interface ArticleInput extends ArticleContent {
  /** Wanted slug; derived from the title when missing, and made unique. */
  slug?: string;
  /** Author ids (authors table), in byline order; at least one. */
  authorIds: number[];
  status?: ArticleStatus;
  publishAt?: string | null;
  publishedAt?: string | null;
}

export interface Video {
  provider: VideoProvider;
  id: string;
}
