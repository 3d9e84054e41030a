import type { Db } from '../db/database.ts';
import type { Membership, MembershipScope } from './types.ts';

/**
 * The associations a mediator belongs to (membership state 'member') and the panels they sit on,
 * for profiles, result cards and search filters. The directory reads the association tables
 * itself: it imports no feature above it, and the associations feature builds on the directory.
 */

const SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** Each mediator's memberships, associations by name and panels in their order. */
export async function membershipsOf(db: Db, mediatorIds: number[]): Promise<Map<number, Membership[]>> {
  const out = new Map<number, Membership[]>();
  if (!mediatorIds.length) return out;
  const [members, panels] = await Promise.all([
    db
      .selectFrom('association_members as am')
      .innerJoin('associations as a', 'a.id', 'am.association_id')
      .select(['am.mediator_id', 'a.id', 'a.slug', 'a.name'])
      .where('am.state', '=', 'member')
      .where('am.mediator_id', 'in', mediatorIds)
      .orderBy('a.name')
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('association_member_panels as mp')
      .innerJoin('association_panels as p', 'p.id', 'mp.panel_id')
      .select(['mp.mediator_id', 'mp.association_id', 'p.slug', 'p.name'])
      .where('mp.mediator_id', 'in', mediatorIds)
      .orderBy('p.position')
      .orderBy('p.id')
      .execute(),
  ]);
  for (const m of members) {
    const list = out.get(m.mediator_id) ?? [];
    const onPanels = panels.filter((p) => p.mediator_id === m.mediator_id && p.association_id === m.id).map((p) => ({ slug: p.slug, name: p.name }));
    list.push({ slug: m.slug, name: m.name, panels: onPanels });
    out.set(m.mediator_id, list);
  }
  return out;
}

export type MembershipFilter =
  | { ok: true; associationId: number | null; panelId: number | null; /** What the results page names. */ named: MembershipScope | null }
  | { ok: false; field: 'association' | 'panel'; message: string };

/** `association=<slug>` and `panel=<slug>` (a panel of that association) as ids, or why not. */
export async function resolveMembershipFilter(db: Db, association: string | undefined, panel: string | undefined): Promise<MembershipFilter> {
  if (!association) {
    return panel ? { ok: false, field: 'panel', message: 'Choose the association as well as its panel (association=…&panel=…).' } : { ok: true, associationId: null, panelId: null, named: null };
  }
  const found = SLUG.test(association) ? await db.selectFrom('associations').select(['id', 'slug', 'name']).where('slug', '=', association).executeTakeFirst() : undefined;
  if (!found) return { ok: false, field: 'association', message: `There is no association “${association.slice(0, 60)}”. See /associations for the list.` };
  const named = { slug: found.slug, name: found.name, panel: null };
  if (!panel) return { ok: true, associationId: found.id, panelId: null, named };
  const onPanel = SLUG.test(panel) ? await db.selectFrom('association_panels').select(['id', 'slug', 'name']).where('association_id', '=', found.id).where('slug', '=', panel).executeTakeFirst() : undefined;
  if (!onPanel) return { ok: false, field: 'panel', message: `The association has no panel “${panel.slice(0, 60)}”. Its page lists its panels.` };
  return { ok: true, associationId: found.id, panelId: onPanel.id, named: { ...named, panel: { slug: onPanel.slug, name: onPanel.name } } };
}
