import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditEntry } from '../../audit/log.ts';
import type { DbContext } from '../../web/context.ts';
import type { FieldProblem } from '../../web/http-error.ts';
import { impressionsFor } from './impressions.ts';
import { formatDate } from '../../web/format.ts';
import { crowding, parseRegion, regionColumns, regionLabel, regionOfRow, sameRegion, type GrantRegion } from './regions.ts';

/**
 * Featured grants: the site's admins give a mediator the 'featured' tier for a region and a
 * period, change it, or end it early. Each of these writes the audit log in its own transaction.
 * A grant ends by itself at its end (the search index compares dates; nothing has to run).
 *
 * An association grants places in its own directory the same way, within its scope: its grants
 * carry its id, name only its members, count against its own limit per region (the site's is
 * separate) and are found only through it, so another association's grant id is no grant.
 */

/** Whose grants: the site's (null) or one association's own directory. */
export type GrantScope = { associationId: number | null };
export const SITE: GrantScope = { associationId: null };

/** At most this many featured members at once in one region. */
export const MAX_PER_REGION = 16;
export const FEATURED_TIER = 'featured';

export type GrantState = 'upcoming' | 'running' | 'ended';

export interface Grant {
  id: number;
  mediator: { id: number; name: string; slug: string };
  tier: string;
  region: GrantRegion;
  regionLabel: string;
  startsAt: string;
  endsAt: string;
  state: GrantState;
  grantedBy: string | null;
  /** The association whose directory the place is in; null for the site's own search. */
  directory: { slug: string; name: string } | null;
}

/** What an admin asks for: the mediator by their profile's address, a region as typed, a period. */
export interface GrantRequest {
  mediator: string;
  region: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

/** Who grants: an admin, or null for Concord itself (the demo data). */
export type Actor = AuditEntry['actor'];

export type GrantOutcome =
  | { status: 'done'; grant: Grant }
  | { status: 'invalid'; problems: FieldProblem[] }
  | { status: 'unknown' };

const stateOf = (startsAt: string, endsAt: string, now: Date): GrantState => {
  const at = now.toISOString();
  return endsAt <= at ? 'ended' : startsAt > at ? 'upcoming' : 'running';
};

/** Grants of one scope; `'any'` for every scope's (a member's own, on their dashboard). */
function grantQuery(db: Db, scope: GrantScope | 'any') {
  const query = db
    .selectFrom('featured_grants as g')
    .innerJoin('mediators as m', 'm.id', 'g.mediator_id')
    .leftJoin('users as u', 'u.id', 'g.granted_by')
    .leftJoin('associations as a', 'a.id', 'g.association_id')
    .select(['g.id', 'g.tier', 'g.region_kind', 'g.country', 'g.region', 'g.metro_name', 'g.metro_lat', 'g.metro_lon', 'g.starts_at', 'g.ends_at'])
    .select(['m.id as mediator_id', 'm.name', 'm.slug', 'u.email as granted_by_email', 'a.slug as association_slug', 'a.name as association_name']);
  if (scope === 'any') return query;
  return scope.associationId === null ? query.where('g.association_id', 'is', null) : query.where('g.association_id', '=', scope.associationId);
}

type GrantRow = Awaited<ReturnType<ReturnType<typeof grantQuery>['execute']>>[number];

function grantOf(r: GrantRow, now: Date): Grant {
  const region = regionOfRow(r);
  return {
    id: r.id,
    mediator: { id: r.mediator_id, name: r.name, slug: r.slug },
    tier: r.tier,
    region,
    regionLabel: regionLabel(region),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    state: stateOf(r.starts_at, r.ends_at, now),
    grantedBy: r.granted_by_email,
    directory: r.association_slug && r.association_name ? { slug: r.association_slug, name: r.association_name } : null,
  };
}

export async function getGrant(db: Db, id: number, now: Date, scope: GrantScope = SITE): Promise<Grant | null> {
  const r = await grantQuery(db, scope).where('g.id', '=', id).executeTakeFirst();
  return r ? grantOf(r, now) : null;
}

/** The admins' list: running and upcoming grants by end, then the 50 that ended last. */
export async function listGrants(db: Db, now: Date, scope: GrantScope = SITE): Promise<{ current: Grant[]; ended: Grant[] }> {
  const at = now.toISOString();
  const [current, ended] = await Promise.all([
    grantQuery(db, scope).where('g.ends_at', '>', at).orderBy('g.ends_at').orderBy('g.id').execute(),
    grantQuery(db, scope).where('g.ends_at', '<=', at).orderBy('g.ends_at', 'desc').orderBy('g.id', 'desc').limit(50).execute(),
  ]);
  return { current: current.map((r) => grantOf(r, now)), ended: ended.map((r) => grantOf(r, now)) };
}

export interface MemberGrant extends Grant {
  impressions: number;
}

/** A member's own grants that have not ended, in the site's search and associations' directories, with the impressions each has bought so far. */
export async function grantsOfMediator(db: Db, mediatorId: number, now: Date): Promise<MemberGrant[]> {
  const rows = await grantQuery(db, 'any').where('g.mediator_id', '=', mediatorId).where('g.ends_at', '>', now.toISOString()).orderBy('g.starts_at').execute();
  if (!rows.length) return [];
  const counted = await db
    .selectFrom('featured_impressions')
    .select((eb) => ['grant_id', eb.fn.sum<number | string>('count').as('n')])
    .where('grant_id', 'in', rows.map((r) => r.id))
    .groupBy('grant_id')
    .execute();
  const written = new Map(counted.map((c) => [c.grant_id, Number(c.n)]));
  const unwritten = impressionsFor(db);
  return rows.map((r) => ({ ...grantOf(r, now), impressions: (written.get(r.id) ?? 0) + unwritten.unwritten(r.id) }));
}

/** The mediator a form names: by their profile's address, or its full URL. */
async function findMediator(db: Db, typed: string) {
  const slug = typed.trim().replace(/^.*\/mediators\//, '').replace(/[/?#].*$/, '');
  if (!slug) return undefined;
  return db.selectFrom('mediators').select(['id', 'name', 'slug', 'status']).where('slug', '=', slug).executeTakeFirst();
}

/** Advisory-lock space of featured grants on PostgreSQL (the second key is the country's hash). */
const FEATURED_LOCKS = 7_316_001;

/**
 * The limit and the overlaps, checked in the transaction that writes. The limit holds for every
 * place: a grant for the US and grants for California and for Los Angeles all count in Los Angeles
 * (`crowding` in regions.ts). On PostgreSQL two admins granting in one country at once would each
 * count 15, so the country's grants are locked for the transaction first (SQLite has one writer).
 */
async function regionProblem(ctx: DbContext, trx: Db, scope: GrantScope, region: GrantRegion, mediatorId: number, startsAt: string, endsAt: string, exceptId: number | null): Promise<FieldProblem | null> {
  // One lock per directory and country: the site's grants and each association's are counted apart.
  if (ctx.engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(${FEATURED_LOCKS}, hashtext(${`${scope.associationId ?? 'site'}:${region.country}`}))`.execute(trx);
  const rows = await trx
    .selectFrom('featured_grants')
    .select(['id', 'mediator_id', 'region_kind', 'country', 'region', 'metro_name', 'metro_lat', 'metro_lon', 'starts_at', 'ends_at'])
    .$if(scope.associationId === null, (qb) => qb.where('association_id', 'is', null))
    .$if(scope.associationId !== null, (qb) => qb.where('association_id', '=', scope.associationId!))
    .where('country', '=', region.country)
    .where('ends_at', '>', startsAt)
    .$if(exceptId !== null, (qb) => qb.where('id', '<>', exceptId!))
    .execute();
  const others = rows.map((r) => ({ mediatorId: r.mediator_id, region: regionOfRow(r), startsAt: r.starts_at, endsAt: r.ends_at }));
  if (others.some((g) => g.mediatorId === mediatorId && sameRegion(g.region, region) && g.startsAt < endsAt)) {
    return { field: 'region', message: `This mediator already has a featured place in ${regionLabel(region)} for part of that period. Change that grant instead.` };
  }
  const full = crowding({ mediatorId, region, startsAt, endsAt }, others, MAX_PER_REGION);
  if (full) {
    const room = full.roomFrom ? ` There is room again from ${formatDate(full.roomFrom)}.` : '';
    return {
      field: 'region',
      message: `${full.label} already has ${MAX_PER_REGION} featured members for part of that period (from ${formatDate(full.at)}), counting those featured for the regions around it and inside it: the most a place may have.${room} Choose other dates or another region, or end one of those grants first.`,
    };
  }
  return null;
}

const snapshot = (g: Grant) => ({ mediator: g.mediator.slug, tier: g.tier, region: g.regionLabel, startsAt: g.startsAt, endsAt: g.endsAt });

/** Whether the mediator is a member (state 'member') of the association. */
async function isMember(db: Db, associationId: number, mediatorId: number): Promise<boolean> {
  return !!(await db.selectFrom('association_members').select('state').where('association_id', '=', associationId).where('mediator_id', '=', mediatorId).where('state', '=', 'member').executeTakeFirst());
}

/** Grants a featured place, in the site's search or (with an association's scope) in that association's directory, to one of its members. */
export async function grantFeatured(ctx: DbContext, actor: Actor, req: GrantRequest, now: Date, scope: GrantScope = SITE): Promise<GrantOutcome> {
  const [mediator, region] = await Promise.all([findMediator(ctx.db, req.mediator), parseRegion(ctx.db, req.region)]);
  const problems: FieldProblem[] = [];
  if (!mediator) problems.push({ field: 'mediator', message: 'We found no profile at that address. Paste the address of their profile, such as /mediators/jane-doe.' });
  else if (scope.associationId !== null && !(await isMember(ctx.db, scope.associationId, mediator.id))) problems.push({ field: 'mediator', message: `${mediator.name} is not a member of this association, so a place in its directory cannot be granted to them.` });
  else if (mediator.status !== 'published') problems.push({ field: 'mediator', message: `${mediator.name}'s profile is not listed, so a featured place would show nowhere. Grant it once the profile is published.` });
  if ('problem' in region) problems.push({ field: 'region', message: region.problem });
  if (req.endsAt <= now.toISOString()) problems.push({ field: 'ends', message: 'The end date has passed: a grant must end after today.' });
  if (problems.length || !mediator || 'problem' in region) return { status: 'invalid', problems };
  return ctx.db.transaction().execute(async (trx) => {
    // Checked again in the transaction: a member removed meanwhile gets no place.
    if (scope.associationId !== null && !(await isMember(trx, scope.associationId, mediator.id))) return { status: 'invalid', problems: [{ field: 'mediator', message: `${mediator.name} is no longer a member of this association.` }] };
    const problem = await regionProblem(ctx, trx, scope, region, mediator.id, req.startsAt, req.endsAt, null);
    if (problem) return { status: 'invalid', problems: [problem] };
    const stamp = now.toISOString();
    const { id } = await trx
      .insertInto('featured_grants')
      .values({ mediator_id: mediator.id, association_id: scope.associationId, tier: FEATURED_TIER, ...regionColumns(region), starts_at: req.startsAt, ends_at: req.endsAt, granted_by: actor?.id ?? null, created_at: stamp, updated_at: stamp })
      .returning('id')
      .executeTakeFirstOrThrow();
    const grant = (await getGrant(trx, id, now, scope))!;
    await recordAudit(trx, { actor, action: 'featured.granted', subject: { kind: 'featured_grant', id, label: `${grant.mediator.name}, ${grant.regionLabel}` }, after: snapshot(grant), reason: req.reason || null, associationId: scope.associationId }, now);
    return { status: 'done', grant };
  });
}

/** Changes a grant's region or period (the mediator stays). */
export async function changeGrant(ctx: DbContext, actor: Actor, id: number, req: Omit<GrantRequest, 'mediator'>, now: Date, scope: GrantScope = SITE): Promise<GrantOutcome> {
  const region = await parseRegion(ctx.db, req.region);
  if ('problem' in region) return { status: 'invalid', problems: [{ field: 'region', message: region.problem }] };
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getGrant(trx, id, now, scope);
    if (!before) return { status: 'unknown' };
    if (before.state === 'ended') return { status: 'invalid', problems: [{ field: 'form', message: 'This grant has ended. Grant a new one instead.' }] };
    if (req.endsAt <= now.toISOString()) return { status: 'invalid', problems: [{ field: 'ends', message: 'The end date has passed. To stop the grant now, use “End now”.' }] };
    const problem = await regionProblem(ctx, trx, scope, region, before.mediator.id, req.startsAt, req.endsAt, id);
    if (problem) return { status: 'invalid', problems: [problem] };
    await trx.updateTable('featured_grants').set({ ...regionColumns(region), starts_at: req.startsAt, ends_at: req.endsAt, updated_at: now.toISOString() }).where('id', '=', id).execute();
    const after = (await getGrant(trx, id, now, scope))!;
    await recordAudit(trx, { actor, action: 'featured.changed', subject: { kind: 'featured_grant', id, label: `${after.mediator.name}, ${after.regionLabel}` }, before: snapshot(before), after: snapshot(after), reason: req.reason || null, associationId: scope.associationId }, now);
    return { status: 'done', grant: after };
  });
}

/** Ends a grant now (its end moves to now; an upcoming one never starts). */
export async function endGrant(ctx: DbContext, actor: Actor, id: number, reason: string, now: Date, scope: GrantScope = SITE): Promise<GrantOutcome> {
  return ctx.db.transaction().execute((trx) => endGrantIn(trx, actor, id, reason, now, scope));
}

async function endGrantIn(trx: Db, actor: Actor, id: number, reason: string, now: Date, scope: GrantScope): Promise<GrantOutcome> {
  const before = await getGrant(trx, id, now, scope);
  if (!before) return { status: 'unknown' };
  if (before.state === 'ended') return { status: 'done', grant: before };
  const at = now.toISOString();
  await trx.updateTable('featured_grants').set({ ends_at: at, starts_at: before.startsAt > at ? at : before.startsAt, updated_at: at }).where('id', '=', id).execute();
  const after = (await getGrant(trx, id, now, scope))!;
  await recordAudit(trx, { actor, action: 'featured.ended', subject: { kind: 'featured_grant', id, label: `${after.mediator.name}, ${after.regionLabel}` }, before: snapshot(before), after: snapshot(after), reason: reason || null, associationId: scope.associationId }, now);
  return { status: 'done', grant: after };
}

/**
 * Ends, in the caller's transaction, every place a mediator holds in an association's own
 * directory that has not ended: leaving or being removed ends them, so the member's dashboard
 * never shows a place in a directory they are no longer in. Each is audited as an end.
 */
export async function endMemberGrants(trx: Db, actor: Actor, associationId: number, mediatorId: number, reason: string, now: Date): Promise<number> {
  const open = await trx
    .selectFrom('featured_grants')
    .select('id')
    .where('association_id', '=', associationId)
    .where('mediator_id', '=', mediatorId)
    .where('ends_at', '>', now.toISOString())
    .execute();
  for (const { id } of open) await endGrantIn(trx, actor, id, reason, now, { associationId });
  return open.length;
}
