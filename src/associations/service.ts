import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { recordAudit, type AuditEntry } from '../audit/log.ts';
import { normaliseEmail } from '../accounts/users.ts';
import { slugOf } from '../lib/latin.ts';
import type { Context } from '../web/context.ts';
import type { MembershipState } from '../db/schema.ts';
import type { Viewer } from '../web/viewer.ts';
import { findAssociationById, type Association } from './queries.ts';
import { associationFields, type AssociationInput } from './schema.ts';

/**
 * Creating and editing associations, their panels and their admins (the site's admins do this).
 * Each change and its audit entry are written in one transaction. An association's and a panel's
 * slug are made once, from the first name: renaming keeps them, so links and search filters
 * (`association=`, `panel=`) keep working.
 */

type Ctx = Pick<Context, 'db' | 'now'>;
type Actor = Pick<Viewer, 'id' | 'email' | 'role'>;

const NOT_FOUND = { status: 'not_found' } as const;

/** Runs `change` in a transaction on an association that exists, and records what it returns to audit. */
async function changeAssociation<T extends { status: string }>(
  ctx: Ctx,
  actor: Actor,
  associationId: number,
  change: (trx: Db, association: Association, now: string, audit: (entry: Omit<AuditEntry, 'actor' | 'associationId'>) => Promise<void>) => Promise<T>,
): Promise<T | typeof NOT_FOUND> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const association = await findAssociationById(trx, associationId);
    if (!association) return NOT_FOUND;
    return change(trx, association, now.toISOString(), (entry) => recordAudit(trx, { ...entry, actor, associationId }, now));
  });
}

/** Two admins adding the same association, panel or admin at once: the second meets the unique key and is told it exists. */
async function orTaken<T, U>(write: Promise<T>, taken: U): Promise<T | U> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err)) return taken;
    throw err;
  }
}

export type CreateOutcome = { status: 'created'; id: number; slug: string } | { status: 'name_taken' } | { status: 'no_slug' };

export async function createAssociation(ctx: Ctx, actor: Actor, input: AssociationInput): Promise<CreateOutcome> {
  const slug = slugOf(input.name);
  if (!slug) return { status: 'no_slug' };
  const now = ctx.now();
  const at = now.toISOString();
  // Two associations whose names make the same slug would share one address.
  return orTaken(
    ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('associations')
        .values({ slug, name: input.name, description: input.description, website: input.website, criteria: input.criteria, color_primary: input.color_primary, color_accent: input.color_accent, frame_origins: '', created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: 'association.created', subject: { kind: 'association', id: row.id, label: input.name }, after: { slug, ...input }, associationId: row.id }, now);
      return { status: 'created' as const, id: row.id, slug };
    }),
    { status: 'name_taken' as const },
  );
}

export async function updateAssociation(ctx: Ctx, actor: Actor, id: number, input: AssociationInput) {
  return changeAssociation(ctx, actor, id, async (trx, before, at, audit) => {
    await trx
      .updateTable('associations')
      .set({ name: input.name, description: input.description, website: input.website, criteria: input.criteria, color_primary: input.color_primary, color_accent: input.color_accent, updated_at: at })
      .where('id', '=', id)
      .execute();
    await audit({ action: 'association.updated', subject: { kind: 'association', id, label: input.name }, before: associationFields(before), after: input });
    return { status: 'saved' as const };
  });
}

/** Sets (or, with null, removes) the logo; returns the old logo's address, whose files the caller deletes after the commit. */
export async function setLogo(ctx: Ctx, actor: Actor, id: number, logoUrl: string | null) {
  return changeAssociation(ctx, actor, id, async (trx, before, at, audit) => {
    await trx.updateTable('associations').set({ logo_url: logoUrl, updated_at: at }).where('id', '=', id).execute();
    await audit({ action: logoUrl ? 'association.logo_set' : 'association.logo_removed', subject: { kind: 'association', id, label: before.name }, before: { logo_url: before.logoUrl }, after: { logo_url: logoUrl } });
    return { status: 'saved' as const, old: before.logoUrl };
  });
}

const panelTaken = (a: Association, name: string, except?: number) => a.panels.some((p) => p.id !== except && p.name.toLowerCase() === name.toLowerCase());

export async function addPanel(ctx: Ctx, actor: Actor, associationId: number, name: string) {
  return orTaken(addPanelOnce(ctx, actor, associationId, name), { status: 'name_taken' as const });
}

async function addPanelOnce(ctx: Ctx, actor: Actor, associationId: number, name: string) {
  return changeAssociation(ctx, actor, associationId, async (trx, a, _at, audit) => {
    const slug = slugOf(name);
    if (!slug) return { status: 'no_slug' as const };
    if (panelTaken(a, name) || a.panels.some((p) => p.slug === slug)) return { status: 'name_taken' as const };
    const last = await trx.selectFrom('association_panels').select((eb) => eb.fn.max('position').as('max')).where('association_id', '=', associationId).executeTakeFirst();
    const row = await trx
      .insertInto('association_panels')
      .values({ association_id: associationId, slug, name, description: '', position: last?.max == null ? 0 : Number(last.max) + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ action: 'panel.created', subject: { kind: 'panel', id: row.id, label: `${a.name}: ${name}` }, after: { slug, name } });
    return { status: 'added' as const, id: row.id };
  });
}

export async function renamePanel(ctx: Ctx, actor: Actor, associationId: number, panelId: number, name: string) {
  return changeAssociation(ctx, actor, associationId, async (trx, a, _at, audit) => {
    const panel = a.panels.find((p) => p.id === panelId);
    if (!panel) return NOT_FOUND;
    if (panelTaken(a, name, panelId)) return { status: 'name_taken' as const };
    await trx.updateTable('association_panels').set({ name }).where('id', '=', panelId).execute();
    await audit({ action: 'panel.renamed', subject: { kind: 'panel', id: panelId, label: `${a.name}: ${name}` }, before: { name: panel.name }, after: { name } });
    return { status: 'renamed' as const };
  });
}

/** Removes a panel; its members stay in the association, off the panel (the panel rows cascade). */
export async function removePanel(ctx: Ctx, actor: Actor, associationId: number, panelId: number) {
  return changeAssociation(ctx, actor, associationId, async (trx, a, _at, audit) => {
    const panel = a.panels.find((p) => p.id === panelId);
    if (!panel) return NOT_FOUND;
    await trx.deleteFrom('association_panels').where('id', '=', panelId).where('association_id', '=', associationId).execute();
    await audit({ action: 'panel.removed', subject: { kind: 'panel', id: panelId, label: `${a.name}: ${panel.name}` }, before: { slug: panel.slug, name: panel.name } });
    return { status: 'removed' as const };
  });
}

/** Names an existing account as one of the association's admins. */
export async function addAssociationAdmin(ctx: Ctx, actor: Actor, associationId: number, email: string) {
  return orTaken(addAdminOnce(ctx, actor, associationId, email), { status: 'already' as const, email: normaliseEmail(email) });
}

async function addAdminOnce(ctx: Ctx, actor: Actor, associationId: number, email: string) {
  return changeAssociation(ctx, actor, associationId, async (trx, a, at, audit) => {
    const user = await trx.selectFrom('users').select(['id', 'email']).where('email', '=', normaliseEmail(email)).executeTakeFirst();
    if (!user) return { status: 'no_account' as const };
    const held = await trx.selectFrom('association_admins').select('user_id').where('association_id', '=', associationId).where('user_id', '=', user.id).executeTakeFirst();
    if (held) return { status: 'already' as const, email: user.email };
    await trx.insertInto('association_admins').values({ association_id: associationId, user_id: user.id, created_at: at }).execute();
    await audit({ action: 'association_admin.added', subject: { kind: 'user', id: user.id, label: user.email }, after: { association: a.slug } });
    return { status: 'added' as const, email: user.email };
  });
}

export async function removeAssociationAdmin(ctx: Ctx, actor: Actor, associationId: number, userId: number) {
  return changeAssociation(ctx, actor, associationId, async (trx, a, _at, audit) => {
    const user = await trx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
    const gone = await trx.deleteFrom('association_admins').where('association_id', '=', associationId).where('user_id', '=', userId).executeTakeFirst();
    if (!user || !Number(gone.numDeletedRows)) return NOT_FOUND;
    await audit({ action: 'association_admin.removed', subject: { kind: 'user', id: userId, label: user.email }, before: { association: a.slug } });
    return { status: 'removed' as const, email: user.email };
  });
}

/**
 * The sites that may frame the association's embedded directory (its admins or the site's
 * admins). The embed's CSP frame-ancestors names exactly these, from the next request on.
 */
export async function setFrameOrigins(ctx: Ctx, actor: Actor, id: number, origins: string[]) {
  return changeAssociation(ctx, actor, id, async (trx, before, at, audit) => {
    if (before.frameOrigins.join('\n') === origins.join('\n')) return { status: 'unchanged' as const };
    await trx.updateTable('associations').set({ frame_origins: origins.join('\n'), updated_at: at }).where('id', '=', id).execute();
    await audit({ action: 'association.frame_origins_changed', subject: { kind: 'association', id, label: before.name }, before: { frame_origins: before.frameOrigins }, after: { frame_origins: origins } });
    return { status: 'saved' as const };
  });
}

/** What deleting an association takes with it, as its confirm page names it and its audit entry keeps it. */
export interface DeletionScope {
  memberships: Partial<Record<MembershipState, number>>;
  waitingInvitations: number;
  panels: string[];
  admins: string[];
  /** Featured places it granted in its own directory that have not ended. */
  activeGrants: number;
  taggedPieces: number;
}

export async function deletionScope(db: Db, associationId: number, now: Date): Promise<DeletionScope> {
  const [states, waiting, panels, admins, grants, tagged] = await Promise.all([
    db.selectFrom('association_members').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('association_id', '=', associationId).groupBy('state').execute(),
    db.selectFrom('association_invitations').select((eb) => eb.fn.countAll<number>().as('n')).where('association_id', '=', associationId).executeTakeFirst(),
    db.selectFrom('association_panels').select('name').where('association_id', '=', associationId).orderBy('position').orderBy('id').execute(),
    db.selectFrom('association_admins').innerJoin('users', 'users.id', 'association_admins.user_id').select('users.email').where('association_id', '=', associationId).orderBy('users.email').execute(),
    db.selectFrom('featured_grants').select((eb) => eb.fn.countAll<number>().as('n')).where('association_id', '=', associationId).where('ends_at', '>', now.toISOString()).executeTakeFirst(),
    db.selectFrom('article_associations').select((eb) => eb.fn.countAll<number>().as('n')).where('association_id', '=', associationId).executeTakeFirst(),
  ]);
  return {
    memberships: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
    waitingInvitations: Number(waiting?.n ?? 0),
    panels: panels.map((p) => p.name),
    admins: admins.map((a) => a.email),
    activeGrants: Number(grants?.n ?? 0),
    taggedPieces: Number(tagged?.n ?? 0),
  };
}

/**
 * Deletes the association and, by the foreign keys' cascades, everything that hangs from it: its
 * memberships and panels (whose triggers tell the search index its members left), its admins'
 * roles, its invitations, its own featured grants and its tags on pieces (the pieces stay). One
 * transaction, with an audit entry that keeps the before state; the caller deletes the logo's
 * files after the commit.
 */
export async function deleteAssociation(ctx: Ctx, actor: Actor, associationId: number) {
  return changeAssociation(ctx, actor, associationId, async (trx, a, _at, audit) => {
    const scope = await deletionScope(trx, associationId, ctx.now());
    // Written first: the entry names the association, whose row is about to go.
    await audit({ action: 'association.deleted', subject: { kind: 'association', id: associationId, label: a.name }, before: { slug: a.slug, ...associationFields(a), logo_url: a.logoUrl, ...scope } });
    await trx.deleteFrom('associations').where('id', '=', associationId).execute();
    return { status: 'deleted' as const, name: a.name, logoUrl: a.logoUrl };
  });
}
