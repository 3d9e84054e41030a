import type { Db } from '../db/database.ts';
import { SLUG_PATTERN } from '../directory/schema.ts';
import { authorForMediator, editorsAuthor } from './authors.ts';

/**
 * Co-authors: the writer names other listed mediators on a piece, by their profile's address or
 * slug. A piece's byline is its `article_authors` rows in `position` order; the first is the
 * writer. Everyone on it may open and edit the piece (workflow.ts finds a member's pieces by
 * byline), so only listed mediators can be named, and each one named is told by email.
 */

/** Authors on one piece, the writer included: more would no longer be a byline. */
export const MAX_AUTHORS = 5;
/** Longest co-author field kept; five profile addresses fit many times over. */
export const COAUTHORS_FIELD_MAX = 2000;

/** One name on a piece's byline, as the forms show it. */
export interface BylineEntry {
  authorId: number;
  name: string;
  /** The listed profile the name belongs to, or null (an unlisted one, an editor, "Concord editors"). */
  mediatorId: number | null;
  /** The signed-in user's own byline (their account's, or their profile's). */
  mine: boolean;
  /** The editors' shared byline. */
  editors: boolean;
}

/** The byline of a piece in order, with the entries that belong to `userId` marked. */
export async function pieceByline(db: Db, articleId: number, userId: number): Promise<BylineEntry[]> {
  const rows = await db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
    .select(['authors.id', 'authors.name', 'authors.slug', 'authors.user_id', 'authors.mediator_id', 'mediators.user_id as mediator_user_id'])
    .where('article_authors.article_id', '=', articleId)
    .orderBy('article_authors.position')
    .orderBy('authors.id')
    .execute();
  return rows.map((r) => ({
    authorId: r.id,
    name: r.name,
    mediatorId: r.mediator_id,
    mine: r.user_id === userId || (r.mediator_user_id !== null && r.mediator_user_id === userId),
    editors: r.slug === 'editors' && r.user_id === null && r.mediator_id === null,
  }));
}

// --- Reading the field --------------------------------------------------------------------------

/** What the writer typed for one co-author, and the profile slug it names. */
export interface NamedRef {
  typed: string;
  slug: string;
}

export type NamedRefs = { ok: true; refs: NamedRef[] } | { ok: false; message: string };

/** Shown back in a message: what was typed, cut short so a pasted essay stays out of it. */
const quoted = (typed: string) => `“${typed.length > 80 ? `${typed.slice(0, 80)}…` : typed}”`;

/**
 * A profile address (https://…/mediators/jane-doe, with or without the site, or its Articles
 * tab) or a bare slug → the slug; null for anything else. The site's name is not checked: the
 * writer copies it from whatever address they browse, and only the slug is looked up.
 */
export function slugFromTyped(typed: string): string | null {
  const m = /(?:^|\/)mediators\/([^/?#\s]+)/i.exec(typed);
  const slug = (m ? m[1]! : typed).toLowerCase();
  return SLUG_PATTERN.test(slug) ? slug : null;
}

/** The co-author field → the profiles named, in the order typed, each once. Separated by commas or new lines. */
export function readNamed(raw: string, example: string): NamedRefs {
  const typed = raw
    .split(/[,\r\n]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const refs: NamedRef[] = [];
  for (const t of typed) {
    const slug = slugFromTyped(t);
    if (!slug) return { ok: false, message: `${quoted(t)} is not a profile address. Paste the address of the mediator’s profile page, like ${example}, or its last part, like jane-doe.` };
    if (!refs.some((r) => r.slug === slug)) refs.push({ typed: t, slug });
  }
  // The byline's own limit is checked with the names already on it (planByline); this only bounds the look-up.
  if (refs.length > MAX_AUTHORS) return { ok: false, message: `A piece has at most ${MAX_AUTHORS} authors: name at most ${MAX_AUTHORS - 1} co-authors besides the writer.` };
  return { ok: true, refs };
}

/** A listed mediator named as a co-author. `email` is for the mail that tells them, never for a page. */
export interface NamedMediator {
  mediatorId: number;
  name: string;
  userId: number | null;
  email: string | null;
}

/** The listed mediators these refs name; a problem naming every one that is unknown or not listed. */
export async function findNamedMediators(db: Db, refs: NamedRef[]): Promise<{ ok: true; found: NamedMediator[] } | { ok: false; message: string }> {
  if (!refs.length) return { ok: true, found: [] };
  const rows = await db
    .selectFrom('mediators')
    .leftJoin('users', 'users.id', 'mediators.user_id')
    .select(['mediators.id', 'mediators.slug', 'mediators.name', 'mediators.user_id', 'users.email'])
    .where('mediators.slug', 'in', refs.map((r) => r.slug))
    // Only listed profiles: a byline links to the profile, and naming someone unlisted would show them.
    .where('mediators.status', '=', 'published')
    .execute();
  const missing = refs.filter((r) => !rows.some((m) => m.slug === r.slug));
  if (missing.length) {
    const what = missing.map((r) => quoted(r.typed)).join(', ');
    return { ok: false, message: `We could not find a mediator listed on Concord at ${what}. Check the address of their profile page; only listed mediators can be named.` };
  }
  return {
    ok: true,
    found: refs.map((r) => rows.find((m) => m.slug === r.slug)!).map((m) => ({ mediatorId: m.id, name: m.name, userId: m.user_id, email: m.email })),
  };
}

// --- Planning a change --------------------------------------------------------------------------

/** What a form asks for: names to take off (author ids), profiles to add, and (editors) the editors' byline. */
export interface AuthorChange {
  remove: number[];
  add: NamedMediator[];
  addEditors: boolean;
}

export const NO_CHANGE: AuthorChange = { remove: [], add: [], addEditors: false };

export interface BylineRules {
  role: 'member' | 'editor';
  userId: number;
  /** A new piece: the writer's own byline comes first, before it exists. */
  newPiece: boolean;
}

/**
 * Members take co-authors off but not the writer (first) nor themselves (that is "Remove me from
 * this piece"); editors may change any name, the editors' byline included.
 */
export const removable = (e: BylineEntry, index: number, role: BylineRules['role']) => role === 'editor' || (index > 0 && !e.mine);

export interface BylinePlan {
  keep: BylineEntry[];
  removed: BylineEntry[];
  add: NamedMediator[];
  addEditors: boolean;
}

/**
 * The byline after a change: the names kept in their order, then the new ones in the order typed.
 * A member naming themselves, or anyone already on it, is ignored. Checked again inside the save's
 * transaction against the byline as it is then, so two saves at once cannot pass the limit together.
 */
export function planByline(current: BylineEntry[], change: AuthorChange, rules: BylineRules): { ok: true; plan: BylinePlan } | { ok: false; message: string } {
  const removed = current.filter((e, i) => change.remove.includes(e.authorId) && removable(e, i, rules.role));
  const keep = current.filter((e) => !removed.includes(e));
  const add: NamedMediator[] = [];
  for (const m of change.add) {
    if (rules.role === 'member' && m.userId === rules.userId) continue;
    if (keep.some((e) => e.mediatorId === m.mediatorId) || add.some((a) => a.mediatorId === m.mediatorId)) continue;
    add.push(m);
  }
  const addEditors = rules.role === 'editor' && change.addEditors && !keep.some((e) => e.editors);
  const total = keep.length + add.length + (addEditors ? 1 : 0) + (rules.newPiece ? 1 : 0);
  // Only a change is held to the rules: a piece saved as it stands is never refused for its byline.
  if (total === 0 && removed.length) return { ok: false, message: 'Keep at least one author on the piece.' };
  if (total > MAX_AUTHORS && (add.length || addEditors)) return { ok: false, message: `A piece has at most ${MAX_AUTHORS} authors. Remove one before naming another.` };
  return { ok: true, plan: { keep, removed, add, addEditors } };
}

export const planChanges = (p: BylinePlan) => p.removed.length > 0 || p.add.length > 0 || p.addEditors;

/** The author ids of a planned byline, in order, creating the bylines of newly named mediators. */
export async function plannedAuthorIds(db: Db, plan: BylinePlan, now: Date): Promise<number[]> {
  const ids = plan.keep.map((e) => e.authorId);
  for (const m of plan.add) ids.push(await authorForMediator(db, m.mediatorId, now));
  if (plan.addEditors) ids.push(await editorsAuthor(db, now));
  return [...new Set(ids)];
}

/** The trail's note of a byline change, in words an editor reads at a glance. */
export function planSummary(plan: BylinePlan): string {
  const added = [...plan.add.map((m) => m.name), ...(plan.addEditors ? ['Concord editors'] : [])];
  return [added.length ? `Added ${added.join(', ')}.` : '', plan.removed.length ? `Removed ${plan.removed.map((e) => e.name).join(', ')}.` : ''].filter(Boolean).join(' ');
}

/**
 * The co-author part of a posted form → the byline to save, or the problem to show beside the
 * field. `current` is the piece's byline as it is now (empty for a new piece).
 */
export async function readBylineChange(
  db: Db,
  form: { coauthors: string; remove: number[]; addEditors: boolean },
  current: BylineEntry[],
  rules: BylineRules,
  example: string,
): Promise<{ ok: true; change: AuthorChange; plan: BylinePlan } | { ok: false; message: string }> {
  if (form.coauthors.length > COAUTHORS_FIELD_MAX) return { ok: false, message: `Keep the co-authors under ${COAUTHORS_FIELD_MAX.toLocaleString('en-US')} characters.` };
  const named = readNamed(form.coauthors, example);
  if (!named.ok) return named;
  const found = await findNamedMediators(db, named.refs);
  if (!found.ok) return found;
  const change: AuthorChange = { remove: form.remove, add: found.found, addEditors: form.addEditors };
  const planned = planByline(current, change, rules);
  return planned.ok ? { ok: true, change, plan: planned.plan } : planned;
}
