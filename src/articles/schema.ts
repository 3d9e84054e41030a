import { z } from 'zod';
import { asFormBody, fieldChecker, fieldValue, fieldValues, formField, type FormBody } from '../web/form-fields.ts';
import type { FieldProblem } from '../web/http-error.ts';
import { instantOf, isTimeZone } from '../lib/time-zones.ts';
import { COAUTHORS_FIELD_MAX } from './coauthors.ts';
import { EXCERPT_MAX } from './text.ts';
import type { ArticleContent, ArticleKind } from './types.ts';
import { formatDuration, parseVideoUrl, VIDEO_MESSAGES } from './video.ts';
import { tagSlug } from './write.ts';

// Takes untrusted form bodies (the article form is multipart, so a field may arrive as a Buffer,
// an array, or not at all): every field becomes a bounded string before anything else sees it.
// Nothing here trusts an id or a file name: which piece a form changes comes from the path and
// is checked against the signed-in user, and the hero image in use is read from the database.

export const ARTICLE_LIMITS = {
  title: 160,
  excerpt: EXCERPT_MAX,
  /** In bytes of UTF-8: about 15,000 words, far more than any article here needs. */
  bodyBytes: 100 * 1024,
  sourceName: 120,
  url: 2000,
  alt: 300,
  tags: 10,
  tag: 40,
  byline: 100,
  comment: 4000,
  /** 10 hours: longer is surely a typing mistake. */
  videoSeconds: 10 * 3600,
} as const;

export const KIND_LABELS: Record<ArticleKind, string> = { article: 'Article', news: 'News summary', video: 'Video' };
export const MEMBER_KINDS: readonly ArticleKind[] = ['article', 'video'];
export const EDITOR_KINDS: readonly ArticleKind[] = ['article', 'news', 'video'];

/** The article form as typed, to validate and (when something is wrong) to show again. */
export interface ArticleFields {
  kind: string;
  title: string;
  excerpt: string;
  body: string;
  categories: string[];
  tags: string;
  /** Editors: the ids of the associations ticked, as sent. */
  associations: string[];
  source_name: string;
  source_url: string;
  video_url: string;
  video_duration: string;
  hero_alt: string;
  hero_remove: boolean;
  /** The name a writer with no byline yet wants readers to see. */
  byline_name: string;
  /** Editors only, on a new piece: 'self' or 'editors' ("Concord editors"). */
  byline: string;
  /** Co-authors to add: profile addresses or slugs, separated by commas or new lines. */
  coauthors: string;
  /** Author ids ticked "Remove" among the byline shown (only ids on the piece's byline count). */
  coauthor_remove: string[];
  /** Editors: add "Concord editors" to the byline. */
  add_editors: boolean;
}

export const emptyArticleFields = (kind: ArticleKind = 'article'): ArticleFields => ({
  kind,
  title: '',
  excerpt: '',
  body: '',
  categories: [],
  tags: '',
  associations: [],
  source_name: '',
  source_url: '',
  video_url: '',
  video_duration: '',
  hero_alt: '',
  hero_remove: false,
  byline_name: '',
  byline: kind === 'news' ? 'editors' : 'self',
  coauthors: '',
  coauthor_remove: [],
  add_editors: false,
});

/** The saved content as the form shows it. */
export function fieldsFromContent(c: ArticleContent): ArticleFields {
  return {
    ...emptyArticleFields(c.kind),
    kind: c.kind,
    title: c.title,
    excerpt: c.excerpt ?? '',
    body: c.body,
    categories: [...c.categories],
    tags: c.tags.join(', '),
    associations: (c.associations ?? []).map(String),
    source_name: c.sourceName ?? '',
    source_url: c.sourceUrl ?? '',
    video_url: c.videoUrl ?? '',
    video_duration: c.videoSeconds ? formatDuration(c.videoSeconds) : '',
    hero_alt: c.hero?.alt ?? '',
  };
}

type Body = FormBody;
const asBody = asFormBody;
/** Longest text kept to show again; longer is refused anyway (the body by its byte count). */
const KEEP = 150_000;

const one = (body: Body, name: string, keep = 5000) => fieldValue(body, name, keep);
const many = fieldValues;

export function readArticleFields(raw: unknown): ArticleFields {
  const body = asBody(raw);
  return {
    kind: one(body, 'kind', 20),
    title: one(body, 'title'),
    excerpt: one(body, 'excerpt'),
    body: one(body, 'body', KEEP),
    categories: many(body, 'categories'),
    tags: one(body, 'tags'),
    associations: many(body, 'associations'),
    source_name: one(body, 'source_name'),
    source_url: one(body, 'source_url'),
    video_url: one(body, 'video_url'),
    video_duration: one(body, 'video_duration', 20),
    hero_alt: one(body, 'hero_alt'),
    hero_remove: ['1', 'on', 'true'].includes(one(body, 'hero_remove', 10)),
    byline_name: one(body, 'byline_name'),
    byline: one(body, 'byline', 20),
    // One more than allowed, so a longer field is refused rather than cut in the middle of a name.
    coauthors: one(body, 'coauthors', COAUTHORS_FIELD_MAX + 1),
    coauthor_remove: many(body, 'coauthor_remove').filter((v) => /^[1-9]\d{0,9}$/.test(v)),
    add_editors: ['1', 'on', 'true'].includes(one(body, 'add_editors', 10)),
  };
}

/** The author ids ticked "Remove" on the form (which of them may go is the byline's rule). */
export const removalIds = (f: ArticleFields): number[] => f.coauthor_remove.map(Number);

/** The uploaded hero file, when one was chosen (a browser sends an empty part when none was). */
export function uploadedFile(raw: unknown, name: string): Buffer | null {
  const v = asBody(raw)[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return Buffer.isBuffer(last) && last.length > 0 ? last : null;
}

/** What a valid form gives: the content without its image, which the route handles. */
export interface ValidArticle {
  content: Omit<ArticleContent, 'hero'>;
  heroAlt: string;
  heroRemove: boolean;
  bylineName: string;
  byline: 'self' | 'editors';
}

export interface ArticleRules {
  kinds: readonly ArticleKind[];
  categorySlugs: ReadonlySet<string>;
  /** Whether the piece will have an image after this save (one kept, or one being uploaded). */
  hasImage: boolean;
  /** The writer has no byline yet, so the form asks for the name to show. */
  needsBylineName: boolean;
  /** Editors: the associations a piece may be tagged with; null where the form has no such field. */
  associationIds?: ReadonlySet<number> | null;
}

/** "12:30", "1:02:05" or whole minutes ("12") → seconds; null for anything else. */
export function parseDuration(raw: string): number | null {
  const v = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,3})$/.exec(v))) return Number(m[1]) * 60;
  if ((m = /^(\d{1,3}):([0-5]\d)$/.exec(v))) return Number(m[1]) * 60 + Number(m[2]);
  if ((m = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(v))) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return null;
}

/** Only http(s) addresses that parse; returns the problem's message, or null when it is fine. */
function webAddressProblem(raw: string, what: string): string | null {
  if (raw.length > ARTICLE_LIMITS.url) return `Keep ${what} under ${ARTICLE_LIMITS.url.toLocaleString('en-US')} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Enter ${what} in full, starting with https:// (for example https://www.example.org/story).`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${what[0]!.toUpperCase()}${what.slice(1)} must start with http:// or https://.`;
  if (!url.hostname.includes('.')) return `Enter ${what} in full, with the site's name (for example https://www.example.org/story).`;
  return null;
}

const text = (label: string, max: number, required: string | null) => {
  const s = z.string().trim().max(max, `Keep ${label} under ${max.toLocaleString('en-US')} characters.`);
  return required ? s.min(1, required) : s;
};

export type ValidatedArticle = { ok: true; value: ValidArticle } | { ok: false; problems: FieldProblem[] };

/** Checks every field; problems are keyed by the input's id, in the form's order. */
export function validateArticle(f: ArticleFields, rules: ArticleRules): ValidatedArticle {
  const { problems, take } = fieldChecker();
  const kindNames = rules.kinds.map((k) => KIND_LABELS[k].toLowerCase()).join(rules.kinds.length > 2 ? ', ' : ' or ');
  const kind = take(z.enum(rules.kinds as [ArticleKind, ...ArticleKind[]], { message: `Choose what you are writing: ${kindNames}.` }), f.kind, 'kind');

  const title = take(text('the title', ARTICLE_LIMITS.title, 'Enter a title.'), f.title, 'title');
  const excerpt = take(text('the summary', ARTICLE_LIMITS.excerpt, null), f.excerpt, 'excerpt');
  const bodyText = f.body.replace(/\r\n/g, '\n');
  if (!bodyText.trim()) {
    problems.push({ field: 'body', message: kind === 'video' ? 'Write a summary or transcript of the video.' : kind === 'news' ? 'Write the summary of the news.' : 'Write the text of your article.' });
  } else if (Buffer.byteLength(bodyText, 'utf8') > ARTICLE_LIMITS.bodyBytes) {
    problems.push({ field: 'body', message: 'The text is too long: keep it under 100 KB (about 15,000 words).' });
  }

  if (!f.categories.length) problems.push({ field: 'categories', message: 'Choose at least one category.' });
  else if (f.categories.some((c) => !rules.categorySlugs.has(c))) problems.push({ field: 'categories', message: 'Choose categories from the list.' });

  const tags = f.tags
    .split(',')
    .map((t) => t.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  if (tags.length > ARTICLE_LIMITS.tags) problems.push({ field: 'tags', message: `Use at most ${ARTICLE_LIMITS.tags} tags.` });
  else if (tags.some((t) => t.length > ARTICLE_LIMITS.tag)) problems.push({ field: 'tags', message: `Keep each tag under ${ARTICLE_LIMITS.tag} characters.` });
  else if (tags.some((t) => !tagSlug(t))) problems.push({ field: 'tags', message: 'Each tag needs a letter or a number.' });

  // A tampered or stale id (an association deleted while the form was open) is named, not dropped.
  let associations: number[] | undefined;
  if (rules.associationIds) {
    associations = [...new Set(f.associations.map((v) => (/^[1-9]\d{0,9}$/.test(v) ? Number(v) : 0)))];
    if (associations.some((id) => !rules.associationIds!.has(id))) problems.push({ field: 'associations', message: 'Choose associations from the list. One may have been deleted meanwhile.' });
  }

  let sourceName: string | null = null;
  let sourceUrl: string | null = null;
  if (kind === 'news') {
    sourceName = take(text('the name of the source', ARTICLE_LIMITS.sourceName, 'Enter the name of the source, such as the newspaper or the site.'), f.source_name, 'source_name');
    sourceUrl = f.source_url.trim();
    const problem = sourceUrl ? webAddressProblem(sourceUrl, 'the link to the full article') : 'Enter the link to the full article at the source.';
    if (problem) problems.push({ field: 'source_url', message: problem });
  }

  let videoUrl: string | null = null;
  let videoSeconds: number | null = null;
  if (kind === 'video') {
    videoUrl = f.video_url.trim();
    if (!videoUrl) problems.push({ field: 'video_url', message: 'Paste the link of the video on YouTube or Vimeo.' });
    else if (videoUrl.length > ARTICLE_LIMITS.url) problems.push({ field: 'video_url', message: VIDEO_MESSAGES.no_id });
    else {
      const parsed = parseVideoUrl(videoUrl);
      if (!parsed.ok) problems.push({ field: 'video_url', message: VIDEO_MESSAGES[parsed.problem] });
    }
    if (f.video_duration.trim()) {
      videoSeconds = parseDuration(f.video_duration);
      if (videoSeconds === null) problems.push({ field: 'video_duration', message: 'Enter the running time as minutes and seconds, like 12:30, or as whole minutes, like 12.' });
      else if (videoSeconds < 1 || videoSeconds > ARTICLE_LIMITS.videoSeconds) {
        problems.push({ field: 'video_duration', message: 'The running time must be between 0:01 and 10 hours.' });
        videoSeconds = null;
      }
    }
  }

  const heroAlt = take(text('the image description', ARTICLE_LIMITS.alt, rules.hasImage ? 'Describe the image for people who cannot see it.' : null), f.hero_alt, 'hero_alt');
  const bylineName = rules.needsBylineName ? take(text('your name', ARTICLE_LIMITS.byline, 'Enter your name as readers will see it.'), f.byline_name, 'byline_name') : '';

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      content: { kind, title, excerpt, body: bodyText, sourceName, sourceUrl, videoUrl, videoSeconds, categories: f.categories, tags, ...(associations ? { associations } : {}) },
      heroAlt,
      heroRemove: f.hero_remove,
      bylineName,
      byline: f.byline === 'editors' ? 'editors' : 'self',
    },
  };
}

// --- The editor's forms ------------------------------------------------------------------------

export const ChangesForm = z.object({
  comment: formField(z.string().trim().min(1, 'Write what the writer should change.').max(ARTICLE_LIMITS.comment, `Keep the comment under ${ARTICLE_LIMITS.comment.toLocaleString('en-US')} characters.`)),
});
export const DeclineForm = z.object({
  comment: formField(z.string().trim().min(1, 'Write a short note saying why, for the writer.').max(ARTICLE_LIMITS.comment, `Keep the note under ${ARTICLE_LIMITS.comment.toLocaleString('en-US')} characters.`)),
});

/** Scheduling is at most this far ahead; further is surely a mistyped year. */
const SCHEDULE_MAX_DAYS = 730;

/**
 * The schedule form's date and time, typed as wall-clock time in `zone` ("2026-11-25T14:30", as a
 * datetime-local input sends it). Must be in the future; returns the UTC ISO instant.
 */
export function parsePublishAt(raw: unknown, now: Date, zone = 'UTC'): { ok: true; at: string } | { ok: false; message: string } {
  const v = (Array.isArray(raw) ? raw[raw.length - 1] : raw) ?? '';
  const s = typeof v === 'string' ? v.trim() : '';
  const inZone = zone === 'UTC' ? 'UTC' : zone.replace(/_/g, ' ');
  if (!s) return { ok: false, message: `Enter the date and time to publish (${inZone} time).` };
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  const wall = m ? { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! } : null;
  // Date.UTC rolls 2026-02-31 over into March; a date that does not round-trip was not a real one.
  const check = wall ? new Date(Date.UTC(wall.year, wall.month - 1, wall.day)) : null;
  if (!wall || !check || check.getUTCDate() !== wall.day || check.getUTCMonth() !== wall.month - 1 || wall.hour > 23 || wall.minute > 59) {
    return { ok: false, message: `Enter the date and time like 2026-12-01 09:00 (${inZone} time).` };
  }
  const ms = instantOf(wall, zone);
  if (ms === null) return { ok: false, message: `That time does not exist in ${inZone}: the clocks go forward then. Choose a time an hour later.` };
  if (ms <= now.getTime()) return { ok: false, message: 'Choose a time in the future. To publish now, use "Approve and publish now".' };
  if (ms > now.getTime() + SCHEDULE_MAX_DAYS * 86_400_000) return { ok: false, message: 'Choose a time within the next two years.' };
  return { ok: true, at: new Date(ms).toISOString() };
}

/** The schedule form's time zone: an IANA name from the list (UTC when the field is missing). */
export function parseTimeZone(raw: unknown): { ok: true; zone: string } | { ok: false; message: string } {
  const v = (Array.isArray(raw) ? raw[raw.length - 1] : raw) ?? 'UTC';
  return typeof v === 'string' && isTimeZone(v) ? { ok: true, zone: v } : { ok: false, message: 'Choose a time zone from the list, like America/New_York or Europe/London.' };
}

// --- The editors' category forms ---------------------------------------------------------------

export const CATEGORY_LIMITS = { name: 60, description: 300 } as const;

/** One line of plain text: control characters and runs of white space become one space. */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();

export const CategoryForm = z.object({
  name: formField(
    z
      .string()
      .transform(oneLine)
      .pipe(z.string().min(1, 'Enter a name for the category.').max(CATEGORY_LIMITS.name, `Keep the name to ${CATEGORY_LIMITS.name} characters or fewer.`)),
  ),
  description: formField(z.string().transform(oneLine).pipe(z.string().max(CATEGORY_LIMITS.description, `Keep the description to ${CATEGORY_LIMITS.description} characters or fewer.`))),
});

/** The category form as typed, to show again after a mistake (bounded, never trusted). */
export function typedCategory(raw: unknown): { name: string; description: string } {
  const body = asBody(raw);
  return { name: one(body, 'name', 500), description: one(body, 'description', 2000) };
}

/** The "Move its pieces to" choice: a category id, or null when none (or nonsense) was sent. */
export function readMoveTo(raw: unknown): number | null {
  const v = one(asBody(raw), 'move_to', 20);
  return /^[1-9]\d{0,8}$/.test(v) ? Number(v) : null;
}

/** Which way a category moves in the order: only "up" or "down". */
export function readDirection(raw: unknown): 'up' | 'down' | null {
  const v = one(asBody(raw), 'direction', 10);
  return v === 'up' || v === 'down' ? v : null;
}

// --- The editors' tag forms --------------------------------------------------------------------

/**
 * A tag's name as an editor renames it: the article forms' rules (at most 40 characters, a letter
 * or a number), and no comma, which the article forms would read as two tags the next time the
 * piece is saved.
 */
const tagName = (empty: string) =>
  formField(
    z
      .string()
      .transform(oneLine)
      .pipe(
        z
          .string()
          .min(1, empty)
          .max(ARTICLE_LIMITS.tag, `Keep the name to ${ARTICLE_LIMITS.tag} characters or fewer, like every tag.`)
          .refine((v) => !v.includes(','), 'Leave out the comma: the article forms separate tags with commas.')
          .refine((v) => tagSlug(v) !== '', 'The name needs a letter or a number.'),
      ),
  );

export const TagForm = z.object({ name: tagName('Enter a name for the tag.') });
/** "Move its pieces to": the name of the tag they go to, as typed (or picked from the suggestions). */
export const MergeTagForm = z.object({ move_to: tagName('Type the name of the tag its pieces move to.') });

/** A tag form's field as typed, to show again after a mistake (bounded, never trusted). */
export const typedField = (raw: unknown, name: string) => one(asBody(raw), name, 500);
