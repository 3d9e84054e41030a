import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, createMediators, mediatorInput, office } from '../../test/support/factories.ts';
import { postForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText, Visitor } from '../../test/support/visitor.ts';
import { MAX_PER_REGION } from '../directory/featured/grants.ts';

/**
 * Featured places granted by an admin at /admin/featured, through HTTP on a real server and
 * database: the member shows as featured only in searches from the granted region that they
 * match, a change or an early end takes effect at once, the end date ends it with nothing
 * running, every action is in the audit log, and bad input is refused with a message.
 */

// Kansas City straddles Missouri and Kansas: a grant for Missouri must not show across the state line.
const KC_MO = { lat: 39.0997, lon: -94.5786 };
const KM_PER_DEG_LAT = 111.195;
const near = (km: number) => office(KC_MO.lat + km / KM_PER_DEG_LAT, KC_MO.lon, { city: 'Kansas City', region: 'MO', postalCode: '64106' });

describe.each(DIALECTS)('granted featured places on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  let clock = TEST_NOW;
  let sponsorSlug: string;

  /** The names in a search's featured places, and those labelled featured among its results. */
  const search = async (query: string) => {
    const r = await s.get(`/api/v1/mediators?${query}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { featured: { name: string; featured: boolean }[]; results: { name: string; featured: boolean }[] };
    return { slots: body.featured.map((h) => h.name), labelled: body.results.filter((h) => h.featured).map((h) => h.name) };
  };
  const inMissouri = 'near=Kansas%20City,%20MO&sort=distance&radius=50';
  const inKansas = 'near=Kansas%20City,%20KS&sort=distance&radius=50';

  const grant = (fields: Record<string, string>) =>
    postForm(admin, '/admin/featured', '/admin/featured', Object.entries({ mediator: `/mediators/${sponsorSlug}`, region: 'US-MO', starts: '2026-11-20', ends: '2026-12-10', reason: 'Paid for December', ...fields }));
  const audit = () => s.db.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'subject_label', 'before_json', 'after_json', 'reason']).where('subject_kind', '=', 'featured_grant').orderBy('id').execute();

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
    // 20 mediators nearer than the sponsor, so the sponsor is never on the first page of results.
    await createMediators(s.db.db, engine, Array.from({ length: 20 }, (_, i) => mediatorInput({ name: `Neighbour ${i}`, offices: [near(0.5 + i * 0.1)] })));
    const id = await createMediator(s.db.db, engine, { name: 'Missouri Sponsor', offices: [near(15)] });
    sponsorSlug = (await s.db.db.selectFrom('mediators').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
    admin = await signedIn(s, 'admin@example.org', 'admin');
  });
  afterAll(() => s.close());

  it('shows nobody as featured before a grant, and says on /how-search-works what a grant buys', async () => {
    expect(await search(inMissouri)).toEqual({ slots: [], labelled: [] });
    const rules = pageText(await (await s.get('/how-search-works')).text());
    expect(rules).toContain('only when the place searched is in their region');
    expect(rules).toContain(`At most ${MAX_PER_REGION} members are featured in one region at a time, and in any one place`);
    expect(rules).toContain('within 50 miles of its city');
  });

  it('refuses bad grants with a message, and writes nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ mediator: '' }, /Enter the address of their profile/],
      [{ mediator: '/mediators/nobody-here' }, /We found no profile at that address/],
      [{ region: '' }, /Enter a region/],
      [{ region: 'Qwxyzzy' }, /We found no country, state, province or city called “Qwxyzzy”/],
      [{ region: 'US-ZZ' }, /US-ZZ is not a state or province we know/],
      [{ starts: '2026-02-31' }, /The start date is not a real date/],
      [{ ends: 'next week' }, /Enter the end date like 2026-12-31/],
      [{ starts: '2026-12-10', ends: '2026-12-01' }, /The end date must be on or after the start date/],
      [{ starts: '2026-01-01', ends: '2026-02-01' }, /The end date has passed/],
      [{ reason: 'x'.repeat(501) }, /under 500 characters/],
    ];
    for (const [fields, message] of cases) {
      const r = await grant(fields);
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(pageText(r.html)).toMatch(message);
    }
    expect(await s.db.db.selectFrom('featured_grants').selectAll().execute()).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it('grants a place for Missouri: featured in Missouri searches it matches, in no others, and audited', async () => {
    const r = await grant({});
    expect(r.status, r.html).toBe(303);
    expect(r.location).toMatch(/^\/admin\/featured\/\d+\?done=granted$/);
    const page = await admin.get(r.location!);
    expect(pageText(page.html)).toContain('The featured place is granted.');
    expect(pageText(page.html)).toContain('Missouri, United States');

    expect((await search(inMissouri)).slots).toEqual(['Missouri Sponsor']);
    // The same mediator, within the radius of a search across the state line: not featured there.
    expect(await search(inKansas)).toEqual({ slots: [], labelled: [] });
    // In Missouri, but a search they do not match: not shown at all.
    expect((await search(`${inMissouri}&language=fr`)).slots).toEqual([]);
    expect((await search('near=Kansas%20City,%20MO&radius=5')).slots).toEqual([]);
    // Labelled on the results page too.
    const html = await s.get(`/mediators?${inMissouri}`).then((x) => x.text());
    expect(html).toMatch(/<article class="card card-featured card-compact">[\s\S]*?Missouri Sponsor[\s\S]*?<\/article>/);
    expect(/<article class="card card-featured card-compact">[\s\S]*?<\/article>/.exec(html)![0]).toContain('Featured');

    const [entry] = await audit();
    expect(entry).toMatchObject({ action: 'featured.granted', actor_user_id: admin.userId, subject_label: 'Missouri Sponsor, Missouri, United States', before_json: null, reason: 'Paid for December' });
    expect(JSON.parse(entry!.after_json!)).toMatchObject({ region: 'Missouri, United States', startsAt: '2026-11-20T00:00:00.000Z', endsAt: '2026-12-11T00:00:00.000Z' });
  });

  it('shows the member their place, its region, its end and the impressions it bought', async () => {
    const member = await signedIn(s, 'sponsor@example.org');
    await s.db.db.updateTable('mediators').set({ user_id: member.userId }).where('slug', '=', sponsorSlug).execute();
    const text = pageText((await member.get('/dashboard')).html);
    expect(text).toContain('Featured in Missouri, United States');
    // Two searches showed them in a featured place: the API's and the results page's (counts not yet written included).
    expect(text).toMatch(/Ends Dec(ember)? 10, 2026\. Shown in a featured place 2 times so far\./);
  });

  it('refuses a 17th featured member in one region, and a second overlapping place for one member', async () => {
    const others = await createMediators(s.db.db, engine, Array.from({ length: MAX_PER_REGION - 1 }, (_, i) => mediatorInput({ name: `Other ${i}`, offices: [near(40 + i)] })));
    const slugs = await s.db.db.selectFrom('mediators').select('slug').where('id', 'in', others).execute();
    for (const { slug } of slugs) expect((await grant({ mediator: slug })).status).toBe(303);
    const extra = await createMediator(s.db.db, engine, { name: 'One Too Many', offices: [near(60)] });
    const extraSlug = (await s.db.db.selectFrom('mediators').select('slug').where('id', '=', extra).executeTakeFirstOrThrow()).slug;
    const full = await grant({ mediator: `http://concord.test/mediators/${extraSlug}` });
    expect(full.status).toBe(400);
    expect(pageText(full.html)).toContain(`Missouri, United States already has ${MAX_PER_REGION} featured members for part of that period`);
    // After the others' period, the region has room again.
    expect((await grant({ mediator: extraSlug, starts: '2026-12-11', ends: '2026-12-31' })).status).toBe(303);
    const twice = await grant({ region: 'Missouri', starts: '2026-12-01', ends: '2026-12-05' });
    expect(twice.status).toBe(400);
    expect(pageText(twice.html)).toContain('This mediator already has a featured place in Missouri, United States');
    expect(await s.db.db.selectFrom('featured_grants').select('id').execute()).toHaveLength(MAX_PER_REGION + 1);
  });

  it('changes the region at once (audited with before and after), then ends the place early', async () => {
    const { id } = await s.db.db.selectFrom('featured_grants as g').innerJoin('mediators as m', 'm.id', 'g.mediator_id').select('g.id').where('m.slug', '=', sponsorSlug).executeTakeFirstOrThrow();
    const moved = await postForm(admin, `/admin/featured/${id}`, `/admin/featured/${id}`, Object.entries({ region: 'Kansas', starts: '2026-11-20', ends: '2026-12-10', reason: 'Moved across the river' }));
    expect(moved.location).toBe(`/admin/featured/${id}?done=changed`);
    expect((await search(inKansas)).slots).toContain('Missouri Sponsor');
    expect((await search(inMissouri)).slots).not.toContain('Missouri Sponsor');

    const ended = await postForm(admin, `/admin/featured/${id}`, `/admin/featured/${id}/end`, [['end_reason', 'Asked to stop']]);
    expect(ended.location).toBe(`/admin/featured/${id}?done=ended`);
    expect((await search(inKansas)).slots).toEqual([]);
    const entries = (await audit()).filter((e) => e.subject_label.startsWith('Missouri Sponsor'));
    expect(entries.map((e) => e.action)).toEqual(['featured.granted', 'featured.changed', 'featured.ended']);
    expect(JSON.parse(entries[1]!.before_json!).region).toBe('Missouri, United States');
    expect(JSON.parse(entries[1]!.after_json!).region).toBe('Kansas, United States');
    expect(entries[2]!.reason).toBe('Asked to stop');
    // An ended grant's page says so and offers no form.
    expect(pageText((await admin.get(`/admin/featured/${id}`)).html)).toContain('This grant has ended.');
  });

  it('ends a grant by itself at its end date, with nothing running', async () => {
    expect((await search(inMissouri)).slots.length).toBeGreaterThan(0);
    clock = new Date('2026-12-11T00:00:00.000Z');
    // The 16 others ended on the 10th; the one granted from the 11th has begun.
    expect((await search(inMissouri)).slots).toEqual(['One Too Many']);
    clock = TEST_NOW;
  });

  it('answers a tampered or unknown grant id with 404 and members with 403', async () => {
    for (const path of ['/admin/featured/999999', '/admin/featured/abc', '/admin/featured/0']) {
      expect((await admin.get(path)).status, path).toBe(404);
      expect((await postForm(admin, '/admin/featured', path, Object.entries({ region: 'US', starts: '2026-12-01', ends: '2026-12-31', reason: '' }))).status, path).toBe(404);
    }
    const member = await signedIn(s, 'member@example.org');
    expect((await member.get('/admin/featured')).status).toBe(403);
  });
});
