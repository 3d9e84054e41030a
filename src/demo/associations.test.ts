import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS } from '../../test/support/db.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText } from '../../test/support/visitor.ts';
import { loadConfig } from '../config.ts';
import type { Engine } from '../config.ts';
import { contrastWithWhite, MIN_CONTRAST } from '../associations/schema.ts';
import { slugOf } from '../lib/latin.ts';
import { DEMO_ADMIN_PASSWORD, DEMO_ASSOCIATIONS } from './associations.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SITE_ACTOR } from '../audit/log.ts';
import { Visitor } from '../../test/support/visitor.ts';
import { TMP_DIR } from '../../test/support/db.ts';
import { seedFirstStart } from './seed.ts';

const NOW = new Date('2026-11-25T12:00:00.000Z');
/** What a development start makes (SEED_MEDIATORS unset). */
const DEMO_SIZE = loadConfig({ DATA_DIR: '.tmp' }).seedMediators;
const SLUGS = DEMO_ASSOCIATIONS.map((a) => slugOf(a.name));

describe('the demo associations', () => {
  it('have colours that pass the association form’s contrast rule', () => {
    for (const a of DEMO_ASSOCIATIONS) expect(contrastWithWhite(a.colors.primary), a.name).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });
});

/** Every association row the demo makes, without ids' own values, to compare engines. */
const rowsByEngine = new Map<Engine, unknown>();

/**
 * A first start with the default demo size, through HTTP: the three associations listed, their
 * pages with members and panels, the directory filtered to each, and a second start adding none.
 */
describe.each(DIALECTS)('demo associations after a first start on %s', (engine) => {
  let s: TestServer;
  const db = () => s.db.db;
  const start = () => seedFirstStart(db(), engine, { mediators: DEMO_SIZE, seed: 1, demoArticles: false, now: NOW, evidenceDir: s.evidenceDir });

  beforeAll(async () => {
    const t = await createTestDatabase(engine);
    s = await startTestServer(engine, { db: t });
    expect(await start()).toMatchObject({ mediators: DEMO_SIZE, associations: 3 });
  }, 180_000);
  afterAll(() => s?.close());

  it('lists the three on /associations', async () => {
    const res = await s.get('/associations');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const slug of SLUGS) expect(html).toContain(`href="/associations/${slug}"`);
    for (const a of DEMO_ASSOCIATIONS) expect(pageText(html)).toContain(a.name);
  });

  it('shows each one’s roster with members, panels, pending applications and an invitation', async () => {
    for (const [i, slug] of SLUGS.entries()) {
      const demo = DEMO_ASSOCIATIONS[i]!;
      const { id } = await db().selectFrom('associations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
      const states = await db().selectFrom('association_members').select(['state', 'mediator_id']).where('association_id', '=', id).execute();
      const members = states.filter((m) => m.state === 'member');
      expect(members.length, slug).toBeGreaterThanOrEqual(3);
      expect(states.filter((m) => m.state === 'applied').length, slug).toBeGreaterThanOrEqual(2);
      expect(states.filter((m) => m.state === 'applied').length, slug).toBeLessThanOrEqual(3);
      expect(states.filter((m) => m.state === 'invited').length, slug).toBe(1);
      const onPanels = await db().selectFrom('association_member_panels').select('mediator_id').where('association_id', '=', id).execute();
      expect(onPanels.length, slug).toBeGreaterThan(0);

      const res = await s.get(`/associations/${slug}`);
      expect(res.status).toBe(200);
      const text = pageText(await res.text());
      for (const panel of demo.panels) expect(text, slug).toContain(panel);
      const names = await db().selectFrom('mediators').select(['id', 'name']).where('id', 'in', states.map((m) => m.mediator_id)).execute();
      const nameOf = new Map(names.map((n) => [n.id, n.name]));
      for (const m of members) expect(text, slug).toContain(nameOf.get(m.mediator_id)!);
      // Pending applications and invitations are not on the public roster.
      for (const m of states.filter((x) => x.state !== 'member')) {
        if (!members.some((x) => nameOf.get(x.mediator_id) === nameOf.get(m.mediator_id))) expect(text, slug).not.toContain(nameOf.get(m.mediator_id)!);
      }
    }
  });

  it('finds only members near Austin when the directory is filtered to the Texan ones', async () => {
    for (const slug of [SLUGS[0]!, SLUGS[2]!]) {
      const { id } = await db().selectFrom('associations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
      const memberSlugs = new Set(
        (
          await db()
            .selectFrom('association_members')
            .innerJoin('mediators', 'mediators.id', 'association_members.mediator_id')
            .select('mediators.slug')
            .where('association_id', '=', id)
            .where('state', '=', 'member')
            .execute()
        ).map((m) => m.slug),
      );
      const query = `near=${encodeURIComponent('Austin, TX')}&association=${slug}`;
      const page = await s.get(`/mediators?${query}`);
      expect(page.status, slug).toBe(200);
      const api = await s.get(`/api/v1/mediators?${query}`);
      expect(api.status, slug).toBe(200);
      const found = ((await api.json()) as { results: { slug: string }[] }).results.map((r) => r.slug);
      expect(found.length, slug).toBeGreaterThan(0);
      for (const f of found) expect(memberSlugs.has(f), `${slug}: ${f}`).toBe(true);
      // The filter narrows: without it, Austin has others too.
      const everyone = ((await (await s.get(`/api/v1/mediators?near=${encodeURIComponent('Austin, TX')}`)).json()) as { results: { slug: string }[] }).results;
      expect(everyone.some((r) => !memberSlugs.has(r.slug)), slug).toBe(true);
    }
  });

  it('verifies some members’ credentials by their association and others by Concord, with one lapsed and one waiting with its PDF', async () => {
    const rows = await db().selectFrom('mediator_credentials').select(['id', 'mediator_id', 'verified_at', 'verifier_label']).where('verified_at', 'is not', null).orderBy('id').execute();
    const year = new Date(NOW.getTime() - 365 * 24 * 60 * 60 * 1000).toISOString();
    const current = rows.filter((r) => r.verified_at! > year);
    expect(current.filter((r) => r.verifier_label === 'Concord')).toHaveLength(4);
    for (const a of DEMO_ASSOCIATIONS) expect(current.filter((r) => r.verifier_label === a.name), a.name).toHaveLength(2);
    expect(rows.filter((r) => r.verified_at! <= year)).toHaveLength(1);
    const [waiting] = await db().selectFrom('credential_evidence').selectAll().execute();
    expect(fs.readFileSync(path.join(s.evidenceDir, waiting!.file_name)).subarray(0, 5).toString()).toBe('%PDF-');

    const byAssociation = current.find((r) => r.verifier_label === DEMO_ASSOCIATIONS[0]!.name)!;
    const { slug } = await db().selectFrom('mediators').select('slug').where('id', '=', byAssociation.mediator_id).executeTakeFirstOrThrow();
    const profile = pageText(await (await s.get(`/mediators/${slug}`)).text());
    expect(profile).toMatch(new RegExp(`✓ Verified [A-Z][a-z]{2} \\d{1,2}, \\d{4} by ${DEMO_ASSOCIATIONS[0]!.name}`));
  });

  it('adds nothing on a second start', async () => {
    const count = async (table: 'associations' | 'association_panels' | 'association_members' | 'association_member_panels') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = [await count('associations'), await count('association_panels'), await count('association_members'), await count('association_member_panels')];
    expect(await start()).toMatchObject({ mediators: 0, associations: 0 });
    expect([await count('associations'), await count('association_panels'), await count('association_members'), await count('association_member_panels')]).toEqual(before);
  });

  it('lets each association’s demo admin log in with the documented password and run its roster', async () => {
    for (const [i, slug] of SLUGS.entries()) {
      const v = new Visitor(s);
      const r = await v.submit('/login', '/login', { email: DEMO_ASSOCIATIONS[i]!.admin, password: DEMO_ADMIN_PASSWORD });
      expect(r.status, r.html).toBe(303);
      const page = await v.get(`/associations/${slug}/admin`);
      expect(page.status, slug).toBe(200);
      expect(pageText(page.html), slug).toMatch(/Applied|applied/);
    }
    // The README names them, and the password.
    const readme = (await import('node:fs')).readFileSync('README.md', 'utf8');
    for (const a of DEMO_ASSOCIATIONS) expect(readme).toContain(a.admin);
    expect(readme).toContain(DEMO_ADMIN_PASSWORD);
  });

  it('grants demo featured places for the United States, Texas and Ontario as an admin would, each in the audit log', async () => {
    const grants = await db().selectFrom('featured_grants').select(['region_kind', 'country', 'region', 'granted_by']).where('created_at', '=', NOW.toISOString()).where('starts_at', '=', '2026-11-25T00:00:00.000Z').orderBy('id').execute();
    expect(grants).toEqual([
      { region_kind: 'country', country: 'US', region: '', granted_by: null },
      { region_kind: 'country', country: 'US', region: '', granted_by: null },
      { region_kind: 'region', country: 'US', region: 'TX', granted_by: null },
      { region_kind: 'region', country: 'CA', region: 'ON', granted_by: null },
    ]);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_label', 'reason']).where('action', '=', 'featured.granted').execute();
    expect(audit).toHaveLength(4);
    for (const e of audit) expect(e).toEqual({ action: 'featured.granted', actor_label: SITE_ACTOR, reason: 'Demo data' });
    // And the associations' rows: made, their admins and each membership, by Concord.
    const actions = new Set((await db().selectFrom('audit_log').select('action').where('actor_label', '=', SITE_ACTOR).execute()).map((e) => e.action));
    for (const a of ['association.created', 'panel.created', 'association_admin.added', 'membership.approved', 'membership.applied', 'membership.invited']) expect(actions, a).toContain(a);
  });

  it('collects its rows to compare the engines', async () => {
    const associations = await db().selectFrom('associations').selectAll().orderBy('id').execute();
    const panels = await db().selectFrom('association_panels').selectAll().orderBy('id').execute();
    const members = await db().selectFrom('association_members').selectAll().orderBy('association_id').orderBy('mediator_id').execute();
    const onPanels = await db().selectFrom('association_member_panels').selectAll().orderBy('association_id').orderBy('mediator_id').orderBy('panel_id').execute();
    const verified = await db().selectFrom('mediator_credentials').select(['id', 'verified_at', 'verifier_label', 'issuer_association_id']).where('verified_at', 'is not', null).orderBy('id').execute();
    rowsByEngine.set(engine, { associations, panels, members, onPanels, verified });
  });
});

/**
 * `npm run seed -- --reset --mediators N` deletes every mediator and makes new ones: the demo
 * associations, still there, get their rosters back from the new mediators, and the featured
 * places are granted again. The real command, on a database of each engine.
 */
describe.each(DIALECTS)('npm run seed -- --reset on %s', (engine) => {
  it('keeps three demo associations with members, admins and pending applications, and featured places', async () => {
    const t = await createTestDatabase(engine);
    try {
      await seedFirstStart(t.db, engine, { mediators: DEMO_SIZE, seed: 1, demoArticles: false, now: NOW });
      const env = { ...process.env, DATABASE_URL: t.url, DATA_DIR: `${TMP_DIR}/seed-reset-${engine}`, LOG_LEVEL: 'silent', NODE_ENV: 'development' };
      const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/demo/cli.ts', '--reset', '--mediators', String(DEMO_SIZE), '--now', NOW.toISOString()], { env, timeout: 120_000 });
      expect(stdout).toContain('Seeded 3 demo associations with members');
      expect(stdout).toContain(DEMO_ADMIN_PASSWORD);
      const associations = await t.db.selectFrom('associations').select(['id', 'slug']).orderBy('id').execute();
      expect(associations.map((a) => a.slug)).toEqual(SLUGS);
      for (const a of associations) {
        const states = (await t.db.selectFrom('association_members').select('state').where('association_id', '=', a.id).execute()).map((r) => r.state);
        expect(states.filter((x) => x === 'member').length, a.slug).toBeGreaterThanOrEqual(3);
        expect(states.filter((x) => x === 'applied').length, a.slug).toBeGreaterThanOrEqual(2);
        expect((await t.db.selectFrom('association_admins').select('user_id').where('association_id', '=', a.id).execute()).length, a.slug).toBe(1);
      }
      const running = await t.db.selectFrom('featured_grants').select('id').where('granted_by', 'is', null).where('starts_at', '=', '2026-11-25T00:00:00.000Z').execute();
      expect(running.length).toBe(4);
    } finally {
      await t.drop();
    }
  }, 180_000);
});

describe('demo associations on both engines', () => {
  it('are the same rows', () => {
    expect(rowsByEngine.size).toBe(2);
    expect(rowsByEngine.get('postgres')).toEqual(rowsByEngine.get('sqlite'));
  });
});
