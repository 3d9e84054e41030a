/**
 * Demo associations: a US regional association, a Canadian provincial one and a court panel, each
 * with panels, members drawn from the demo mediators in its region, a few pending applications,
 * one invitation, and an admin who can log in (DEMO_ADMIN_PASSWORD, printed by `npm run seed` and
 * in the README). Every row made is in the audit log, by Concord itself (no person did it).
 *
 * Deterministic: the candidates are read in id order (the demo mediators' ids follow their seeded
 * order) and chosen from a random stream of their own (stream 1), so the mediators' stream 0, and
 * with it their rows, stay byte for byte what they were.
 */
import { hashPassword } from '../accounts/secrets.ts';
import { insertUser } from '../accounts/users.ts';
import { recordAudit } from '../audit/log.ts';
import type { Db } from '../db/database.ts';
import { haversineKm, type Point } from '../geo/distance.ts';
import { slugOf } from '../lib/latin.ts';
import { Rng } from './random.ts';

interface DemoAssociation {
  name: string;
  description: string;
  website: string;
  criteria: string;
  /** White text is set on the main colour: each passes 4.5:1 (associations/schema.ts, tested). */
  colors: { primary: string; accent: string };
  panels: string[];
  /** Who may be drawn as a member: an office in this region, or within `km` of `near`. */
  from: { country: string; region: string; near?: Point; km?: number };
  /** At most this many members; the rest of the candidates stay outside or pending. */
  maxMembers: number;
  /** The demo account that runs it (password DEMO_ADMIN_PASSWORD). */
  admin: string;
}

/** The demo association admins' password: demo data, documented, never for a real site. */
export const DEMO_ADMIN_PASSWORD = 'concord demo admin';

const AUSTIN: Point = { lat: 30.2672, lon: -97.7431 };

export const DEMO_ASSOCIATIONS: readonly DemoAssociation[] = [
  {
    name: 'Lone Star Mediators Association',
    description:
      'A professional association of mediators across Texas since 1991.\n\nWe hold a family panel for divorce and parenting cases, and a reduced-fee programme for people of limited means.',
    website: 'https://lonestar.example.org',
    criteria: 'Forty hours of basic mediation training recognised under the Texas Civil Practice and Remedies Code, five mediations in the past two years, and ten hours of continuing education a year.',
    colors: { primary: '#8a2b1f', accent: '#f6ead8' },
    panels: ['Family panel', 'Reduced-fee programme'],
    from: { country: 'US', region: 'TX' },
    maxMembers: 40,
    admin: 'admin@lonestar.example.org',
  },
  {
    name: 'Ontario Mediation Network',
    description: 'Mediators in Ontario who share referrals, training and a workplace panel for employers and unions.',
    website: 'https://ontario-mediation.example.org',
    criteria: 'Completed mediation training of at least forty hours and a practice based in Ontario.',
    colors: { primary: '#1f4e79', accent: '#e6eef6' },
    panels: ['Workplace panel'],
    from: { country: 'CA', region: 'ON' },
    maxMembers: 30,
    admin: 'admin@ontario-mediation.example.org',
  },
  {
    name: 'Travis County Court Mediation Panel',
    description: 'Mediators the civil courts of Travis County may appoint to court-referred cases.',
    website: 'https://traviscourt-mediation.example.org',
    criteria: 'An office within reach of the Travis County courthouse, forty hours of training, and agreement to the court’s fee schedule.',
    colors: { primary: '#2e5e3a', accent: '#e8f2ea' },
    panels: ['Civil roster'],
    // Mediators travel to the courthouse: from the Austin metro and as far as San Antonio.
    from: { country: 'US', region: 'TX', near: AUSTIN, km: 130 },
    maxMembers: 15,
    admin: 'admin@traviscourt-mediation.example.org',
  },
];

/**
 * Makes the demo associations, each in its own transaction, and returns how many it made or
 * filled. The caller decides when (seed.ts and cli.ts: on the run that made the demo mediators).
 * Into a database with no association it makes all three; a demo association already there whose
 * roster is empty (after `npm run seed -- --reset` deleted every mediator) gets its roster again;
 * an admin's own associations are never touched.
 */
export async function seedDemoAssociations(db: Db, seed: number, now: Date): Promise<number> {
  const any = await db.selectFrom('associations').select('id').limit(1).executeTakeFirst();
  const rng = new Rng(seed, 1);
  const at = now.toISOString();
  // Hashing is slow: once, for the three accounts.
  const passwordHash = await hashPassword(DEMO_ADMIN_PASSWORD);
  let seeded = 0;
  for (const demo of DEMO_ASSOCIATIONS) {
    // Drawn before the writes, in a fixed order, so every engine draws the same.
    const candidates = await candidatesFor(db, demo);
    const drawn = rng.sample(candidates, candidates.length);
    const pending = rng.int(2, 3);
    // About half join; a small pool (a court's few local mediators) still gives a roster of three
    // and, before more applications, the one invitation.
    const memberCount = Math.min(demo.maxMembers, Math.max(3, Math.min(Math.ceil(drawn.length / 2), drawn.length - pending - 1)));
    const members = drawn.slice(0, memberCount);
    const invited = drawn.slice(memberCount, memberCount + 1);
    const applied = drawn.slice(memberCount + 1, memberCount + 1 + pending);
    const onPanels = members.map(() => demo.panels.map(() => rng.chance(0.4)));

    const existing = await db.selectFrom('associations').select(['id', 'name']).where('slug', '=', slugOf(demo.name)).executeTakeFirst();
    if (!existing && any) continue;
    if (existing && (await db.selectFrom('association_members').select('mediator_id').where('association_id', '=', existing.id).limit(1).executeTakeFirst())) continue;

    await db.transaction().execute(async (trx) => {
      const audit = (action: string, subject: { kind: string; id: number | null; label: string }, associationId: number, after: Record<string, unknown>) =>
        recordAudit(trx, { actor: null, action, subject, after, reason: 'Demo data', associationId }, now);
      let id: number;
      let panels: { id: number; name: string }[];
      if (existing) {
        id = existing.id;
        panels = await trx.selectFrom('association_panels').select(['id', 'name']).where('association_id', '=', id).orderBy('position').execute();
      } else {
        id = (
          await trx
            .insertInto('associations')
            .values({ slug: slugOf(demo.name), name: demo.name, description: demo.description, website: demo.website, criteria: demo.criteria, logo_url: null, color_primary: demo.colors.primary, color_accent: demo.colors.accent, frame_origins: '', created_at: at, updated_at: at })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        await audit('association.created', { kind: 'association', id, label: demo.name }, id, { slug: slugOf(demo.name), name: demo.name, website: demo.website });
        panels = [];
        for (const [position, name] of demo.panels.entries()) {
          const panel = await trx.insertInto('association_panels').values({ association_id: id, slug: slugOf(name), name, description: '', position }).returning('id').executeTakeFirstOrThrow();
          panels.push({ id: panel.id, name });
          await audit('panel.created', { kind: 'panel', id: panel.id, label: `${demo.name}: ${name}` }, id, { slug: slugOf(name), name });
        }
      }
      // The admin's account, made once and kept through a reset (it has no profile).
      let userId = (await trx.selectFrom('users').select('id').where('email', '=', demo.admin).executeTakeFirst())?.id ?? null;
      userId ??= await insertUser(trx, { email: demo.admin, passwordHash, verifiedAt: at }, now);
      if (userId !== null && !(await trx.selectFrom('association_admins').select('user_id').where('association_id', '=', id).where('user_id', '=', userId).executeTakeFirst())) {
        await trx.insertInto('association_admins').values({ association_id: id, user_id: userId, created_at: at }).execute();
        await audit('association_admin.added', { kind: 'user', id: userId, label: demo.admin }, id, { association: slugOf(demo.name) });
      }

      const membership = (mediator_id: number, state: 'member' | 'applied' | 'invited') => ({ association_id: id, mediator_id, state, note: '', created_at: at, updated_at: at });
      const rows = [...members.map((m) => membership(m, 'member')), ...applied.map((m) => membership(m, 'applied')), ...invited.map((m) => membership(m, 'invited'))];
      if (rows.length) await trx.insertInto('association_members').values(rows).execute();
      const panelRows = members.flatMap((mediator_id, i) => panels.filter((_, p) => onPanels[i]![p]).map((panel) => ({ association_id: id, mediator_id, panel_id: panel.id })));
      if (panelRows.length) await trx.insertInto('association_member_panels').values(panelRows).execute();
      const names = new Map((rows.length ? await trx.selectFrom('mediators').select(['id', 'name']).where('id', 'in', rows.map((r) => r.mediator_id)).execute() : []).map((m) => [m.id, m.name]));
      const ACTIONS = { member: 'membership.approved', applied: 'membership.applied', invited: 'membership.invited' } as const;
      for (const r of rows) await audit(ACTIONS[r.state], { kind: 'mediator', id: r.mediator_id, label: names.get(r.mediator_id) ?? String(r.mediator_id) }, id, { state: r.state });
      for (const p of panelRows) {
        const panel = panels.find((x) => x.id === p.panel_id)!;
        await audit('membership.panel_assigned', { kind: 'mediator', id: p.mediator_id, label: names.get(p.mediator_id) ?? String(p.mediator_id) }, id, { panel: panel.name });
      }
    });
    seeded++;
  }
  return seeded;
}

/** Published mediators with an office in the association's region (and reach), in id order. */
async function candidatesFor(db: Db, demo: DemoAssociation): Promise<number[]> {
  const offices = await db
    .selectFrom('offices')
    .innerJoin('mediators', 'mediators.id', 'offices.mediator_id')
    .select(['offices.mediator_id', 'offices.lat', 'offices.lon'])
    .where('mediators.status', '=', 'published')
    .where('offices.country', '=', demo.from.country)
    .where('offices.region', '=', demo.from.region)
    .orderBy('offices.mediator_id')
    .orderBy('offices.id')
    .execute();
  const { near, km } = demo.from;
  const within = near && km != null ? offices.filter((o) => haversineKm(near, { lat: o.lat, lon: o.lon }) <= km) : offices;
  return [...new Set(within.map((o) => o.mediator_id))];
}

/** Demo pieces each demo association's page shows as its news (by slug; a missing one is skipped). */
const DEMO_NEWS: Record<string, string[]> = {
  'lone-star-mediators-association': ['mediators-network-publishes-updated-screening-guidance', 'how-mediation-fees-are-usually-split', 'building-a-co-parenting-plan-that-lasts'],
  'ontario-mediation-network': ['ashcombe-clinic-trains-student-community-mediators', 'how-community-mediation-programmes-work', 'online-mediation-practical-tips-for-a-calm-session'],
  'travis-county-court-mediation-panel': ['quillfield-county-court-expands-mediation-referral-programme', 'westmarch-family-court-pilots-information-sessions', 'from-handshake-to-signed-agreement'],
};

/**
 * Tags demo pieces with the demo associations, so their pages have news. Run after both are made;
 * running again adds nothing, and an association or piece an admin or editor removed is skipped.
 */
export async function tagDemoNews(db: Db): Promise<number> {
  const associations = await db.selectFrom('associations').select(['id', 'slug']).where('slug', 'in', Object.keys(DEMO_NEWS)).execute();
  const slugs = Object.values(DEMO_NEWS).flat();
  const articles = new Map((await db.selectFrom('articles').select(['id', 'slug']).where('slug', 'in', slugs).execute()).map((a) => [a.slug, a.id]));
  const rows = associations.flatMap((a) => DEMO_NEWS[a.slug]!.flatMap((slug) => (articles.has(slug) ? [{ article_id: articles.get(slug)!, association_id: a.id }] : [])));
  if (rows.length) await db.insertInto('article_associations').values(rows).onConflict((oc) => oc.columns(['article_id', 'association_id']).doNothing()).execute();
  return rows.length;
}
