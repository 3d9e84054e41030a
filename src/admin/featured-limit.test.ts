import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediators, mediatorInput, office } from '../../test/support/factories.ts';
import { postForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';
import { MAX_PER_REGION } from '../directory/featured/grants.ts';

/**
 * The limit of featured members holds for every place, not only for grants of the same region:
 * grants for the United States, for Missouri and for the Kansas City metro area all count in
 * Kansas City. Through HTTP on a real server and database, on both engines; on PostgreSQL two
 * admins granting the last place at once get it once.
 */

const KC_MO = { lat: 39.0997, lon: -94.5786 };
const near = (km: number) => office(KC_MO.lat + km / 111.195, KC_MO.lon, { city: 'Kansas City', region: 'MO', postalCode: '64106' });

async function setUp(engine: 'sqlite' | 'postgres', count: number) {
  const s = await startTestServer(engine);
  const ids = await createMediators(s.db.db, engine, Array.from({ length: count }, (_, i) => mediatorInput({ name: `Sponsor ${i}`, offices: [near(1 + i)] })));
  const rows = await s.db.db.selectFrom('mediators').select(['id', 'slug']).where('id', 'in', ids).execute();
  const slugs = ids.map((id) => rows.find((r) => r.id === id)!.slug);
  return { s, slugs };
}

const grantAs = (admin: Visitor, slug: string, region: string, starts = '2026-12-01', ends = '2026-12-10') =>
  postForm(admin, '/admin/featured', '/admin/featured', Object.entries({ mediator: `/mediators/${slug}`, region, starts, ends, reason: 'Paid' }));

describe.each(DIALECTS)('the featured limit across nested regions on %s', (engine) => {
  let s: TestServer;
  let slugs: string[];
  let admin: Visitor;
  const grants = () => s.db.db.selectFrom('featured_grants').select('id').execute();

  beforeAll(async () => {
    ({ s, slugs } = await setUp(engine, MAX_PER_REGION + 4));
    admin = await signedIn(s, 'admin@example.org', 'admin');
  });
  afterAll(() => s.close());

  it('counts country-wide grants in a state and its metro areas, and says which place is full and from when there is room', async () => {
    for (const slug of slugs.slice(0, MAX_PER_REGION - 1)) expect((await grantAs(admin, slug, 'US')).status).toBe(303);
    // The 16th in Kansas City: 15 for the whole country and this one.
    expect((await grantAs(admin, slugs[15]!, 'Kansas City, MO', '2026-12-01', '2026-12-20')).status).toBe(303);
    // Missouri itself has 15 (the country's), but Kansas City would have 17.
    const missouri = await grantAs(admin, slugs[16]!, 'US-MO');
    expect(missouri.status).toBe(400);
    expect(pageText(missouri.html)).toContain(`Kansas City metro area (MO, United States) already has ${MAX_PER_REGION} featured members for part of that period (from Dec 1, 2026)`);
    expect(pageText(missouri.html)).toContain('There is room again from Dec 11, 2026.');
    // A country-wide grant is refused for the same reason.
    const country = await grantAs(admin, slugs[16]!, 'United States');
    expect(country.status).toBe(400);
    expect(pageText(country.html)).toContain('Kansas City metro area (MO, United States) already has');
    // Kansas has room (its 16th), after the country's grants end Missouri has too.
    expect((await grantAs(admin, slugs[16]!, 'US-KS')).status).toBe(303);
    expect((await grantAs(admin, slugs[17]!, 'US-MO', '2026-12-11', '2026-12-31')).status).toBe(303);
    // Now Kansas is full as well: a country-wide grant there is refused, naming Kansas or Kansas City.
    const again = await grantAs(admin, slugs[18]!, 'US', '2026-12-05', '2026-12-06');
    expect(again.status).toBe(400);
    expect(pageText(again.html)).toMatch(/(Kansas, United States|Kansas City metro area \(MO, United States\)) already has 16 featured members/);
    expect(await grants()).toHaveLength(MAX_PER_REGION + 2);
  });

  it('says so on /how-search-works', async () => {
    const rules = pageText(await (await s.get('/how-search-works')).text());
    expect(rules).toContain(`At most ${MAX_PER_REGION} members are featured in one region at a time, and in any one place: members featured for the whole country, for the state or province and for the metro area all count there.`);
  });

  it('checks a changed grant the same way', async () => {
    const { id } = await s.db.db.selectFrom('featured_grants').select('id').where('region_kind', '=', 'region').where('region', '=', 'KS').executeTakeFirstOrThrow();
    const moved = await postForm(admin, `/admin/featured/${id}`, `/admin/featured/${id}`, Object.entries({ region: 'Kansas City, MO', starts: '2026-12-01', ends: '2026-12-10', reason: 'Move' }));
    expect(moved.status).toBe(400);
    expect(pageText(moved.html)).toContain('Kansas City metro area (MO, United States) already has');
    const row = await s.db.db.selectFrom('featured_grants').select('region').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.region).toBe('KS');
  });
});

describe('two admins granting the last place in a place at once, on postgres', () => {
  let s: TestServer;
  let slugs: string[];

  beforeAll(async () => {
    ({ s, slugs } = await setUp('postgres', MAX_PER_REGION + 1 + 8));
  });
  afterAll(() => s.close());

  it('gives it to exactly one of them, each time', async () => {
    const [first, second] = [await signedIn(s, 'one@example.org', 'admin'), await signedIn(s, 'two@example.org', 'admin')];
    for (const slug of slugs.slice(0, MAX_PER_REGION - 1)) expect((await grantAs(first, slug, 'US-MO')).status).toBe(303);
    // Four rounds, each for its own two days, racing a country-wide grant against a metro area's: the same place either way.
    for (let round = 0; round < 4; round++) {
      const starts = `2026-12-0${1 + round * 2}`;
      const ends = `2026-12-0${2 + round * 2}`;
      const answers = await Promise.all([
        grantAs(first, slugs[MAX_PER_REGION - 1 + round * 2]!, 'US', starts, ends),
        grantAs(second, slugs[MAX_PER_REGION + round * 2]!, 'Kansas City, MO', starts, ends),
      ]);
      expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([303, 400]);
      expect(pageText(answers.find((a) => a.status === 400)!.html)).toContain(`already has ${MAX_PER_REGION} featured members`);
    }
    const running = await s.db.db.selectFrom('featured_grants').select('id').where('starts_at', '<=', '2026-12-01T12:00:00.000Z').where('ends_at', '>', '2026-12-01T12:00:00.000Z').execute();
    expect(running).toHaveLength(MAX_PER_REGION);
  });
});
