import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AssociationTable } from '../db/schema.ts';
import { frameOriginsOf } from './schema.ts';

/** The associations' reads: the public list and page, and what the admins' pages show. */

export interface Panel {
  id: number;
  slug: string;
  name: string;
}

export interface Association {
  id: number;
  slug: string;
  name: string;
  description: string;
  website: string;
  criteria: string;
  logoUrl: string | null;
  colors: { primary: string; accent: string };
  panels: Panel[];
  /** Sites allowed to frame its embedded directory (schema.ts parseFrameOrigin); none: nobody may. */
  frameOrigins: string[];
  updatedAt: string;
}

export interface AssociationSummary {
  id: number;
  slug: string;
  name: string;
  logoUrl: string | null;
  /** Listed mediators whose membership is 'member'. */
  memberCount: number;
}

export interface RosterEntry {
  slug: string;
  name: string;
  headline: string;
  photoUrl: string | null;
  /** Ids of the association's panels they sit on. */
  panelIds: number[];
}

export interface AssociationAdmin {
  userId: number;
  email: string;
}

function rowToAssociation(row: Selectable<AssociationTable>, panels: Panel[]): Association {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    website: row.website,
    criteria: row.criteria,
    logoUrl: row.logo_url,
    colors: { primary: row.color_primary, accent: row.color_accent },
    panels,
    frameOrigins: frameOriginsOf(row.frame_origins),
    updatedAt: row.updated_at,
  };
}

const panelsOf = (db: Db, associationId: number) =>
  db.selectFrom('association_panels').select(['id', 'slug', 'name']).where('association_id', '=', associationId).orderBy('position').orderBy('id').execute();

async function withPanels(db: Db, row: Selectable<AssociationTable> | undefined): Promise<Association | null> {
  return row ? rowToAssociation(row, await panelsOf(db, row.id)) : null;
}

export const findAssociationById = async (db: Db, id: number): Promise<Association | null> =>
  withPanels(db, await db.selectFrom('associations').selectAll().where('id', '=', id).executeTakeFirst());

export const findAssociationBySlug = async (db: Db, slug: string): Promise<Association | null> =>
  withPanels(db, await db.selectFrom('associations').selectAll().where('slug', '=', slug).executeTakeFirst());

/** Listed members only: a roster never names an unlisted profile. */
const listedMembers = (db: Db) =>
  db
    .selectFrom('association_members')
    .innerJoin('mediators', 'mediators.id', 'association_members.mediator_id')
    .where('association_members.state', '=', 'member')
    .where('mediators.status', '=', 'published');

/** Every association by name, with its count of listed members. */
export async function listAssociations(db: Db): Promise<AssociationSummary[]> {
  const [rows, counts] = await Promise.all([
    db.selectFrom('associations').select(['id', 'slug', 'name', 'logo_url']).orderBy('name').orderBy('id').execute(),
    listedMembers(db)
      .select(['association_members.association_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('association_members.association_id')
      .execute(),
  ]);
  const countOf = new Map(counts.map((c) => [c.association_id, Number(c.n)]));
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, logoUrl: r.logo_url, memberCount: countOf.get(r.id) ?? 0 }));
}

/** Fifty a page, as the admins' roster. */
export const PUBLIC_ROSTER_PAGE_SIZE = 50;

export interface RosterPage {
  members: RosterEntry[];
  page: number;
  pageCount: number;
  total: number;
  /** Every listed member on a panel, whatever the page: panels are short lists, shown whole. */
  onPanels: RosterEntry[];
}

async function withPanelIds(db: Db, associationId: number, members: { id: number; slug: string; name: string; headline: string; photo_url: string | null }[]): Promise<RosterEntry[]> {
  const panels = members.length ? await db.selectFrom('association_member_panels').select(['mediator_id', 'panel_id']).where('association_id', '=', associationId).execute() : [];
  return members.map((m) => ({ slug: m.slug, name: m.name, headline: m.headline, photoUrl: m.photo_url, panelIds: panels.filter((p) => p.mediator_id === m.id).map((p) => p.panel_id) }));
}

const memberColumns = ['mediators.id', 'mediators.slug', 'mediators.name', 'mediators.headline', 'mediators.photo_url'] as const;

/** One page of the association's listed members by name, with the panels each sits on. */
export async function listRoster(db: Db, associationId: number, page = 1): Promise<RosterPage> {
  const inAssociation = listedMembers(db).where('association_members.association_id', '=', associationId);
  const counted = await inAssociation.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const rows = await inAssociation.select(memberColumns).orderBy('mediators.name').orderBy('mediators.id').limit(PUBLIC_ROSTER_PAGE_SIZE).offset((page - 1) * PUBLIC_ROSTER_PAGE_SIZE).execute();
  const panelRows = await inAssociation
    .where('mediators.id', 'in', (eb) => eb.selectFrom('association_member_panels').select('mediator_id').where('association_id', '=', associationId))
    .select(memberColumns)
    .orderBy('mediators.name')
    .orderBy('mediators.id')
    .execute();
  return {
    members: await withPanelIds(db, associationId, rows),
    page,
    pageCount: Math.max(1, Math.ceil(total / PUBLIC_ROSTER_PAGE_SIZE)),
    total,
    onPanels: await withPanelIds(db, associationId, panelRows),
  };
}

export async function listAssociationAdmins(db: Db, associationId: number): Promise<AssociationAdmin[]> {
  const rows = await db
    .selectFrom('association_admins')
    .innerJoin('users', 'users.id', 'association_admins.user_id')
    .select(['users.id', 'users.email'])
    .where('association_admins.association_id', '=', associationId)
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email }));
}

/** Whether a logo file belongs to an association (so it may be served). */
export async function logoInUse(db: Db, logoUrl: string): Promise<boolean> {
  return !!(await db.selectFrom('associations').select('id').where('logo_url', '=', logoUrl).executeTakeFirst());
}
