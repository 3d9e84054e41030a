import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { linkPath } from '../../test/support/mail.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { Visitor } from '../../test/support/visitor.ts';
import { insertUser } from '../accounts/users.ts';
import { parseSearchQuery } from '../directory/schema.ts';
import { searchMediators } from '../directory/search.ts';
import { sweepFreshness } from './service.ts';

const DAY = 86_400_000;

describe.each(DIALECTS)('fresh listings on %s', (engine) => {
  let s: TestServer;
  let clock = TEST_NOW;
  const at = (days: number, from = TEST_NOW) => (clock = new Date(from.getTime() + days * DAY));
  const sweep = () => sweepFreshness(s.app.deps, clock);
  const row = (id: number) => s.db.db.selectFrom('mediators').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mailsTo = async (to: string) => (await s.mails()).filter((m) => m.to === to);
  /** The slugs a search with no place finds, through the service and through the JSON API. */
  async function listed(): Promise<{ service: string[]; api: string[] }> {
    const parsed = parseSearchQuery({});
    if (!parsed.ok) throw new Error('bad params');
    const outcome = await searchMediators({ db: s.db.db, engine }, parsed.params, clock);
    if (outcome.status !== 'ok') throw new Error(outcome.status);
    const api = (await (await s.get('/api/v1/mediators')).json()) as { results: { slug: string }[] };
    return { service: outcome.result.results.map((h) => h.slug), api: api.results.map((r) => r.slug) };
  }
  /** A member's approved, published, accepting profile, last confirmed at TEST_NOW. */
  async function member(email: string, slug: string, opts: { approved?: boolean } = {}): Promise<number> {
    const userId = (await insertUser(s.db.db, { email, passwordHash: 'x', verifiedAt: TEST_NOW.toISOString() }, TEST_NOW))!;
    const id = await createMediator(s.db.db, engine, { name: `Member ${slug}`, slug, acceptingConfirmedAt: TEST_NOW.toISOString() });
    await s.db.db
      .updateTable('mediators')
      .set({ user_id: userId, approved_at: opts.approved === false ? null : TEST_NOW.toISOString() })
      .where('id', '=', id)
      .execute();
    return id;
  }

  beforeAll(async () => {
    s = await startTestServer(engine, { now: () => clock });
  });
  afterAll(() => s.close());

  it('reminds once at 91 days, confirms once by link, unlists at 181 days and re-lists on confirmation', async () => {
    const id = await member('fresh@example.org', 'fresh-member');
    // A demo profile (no owner) just as old: no one to remind, never unlisted.
    const demo = await createMediator(s.db.db, engine, { name: 'Demo Old', slug: 'demo-old', acceptingConfirmedAt: TEST_NOW.toISOString() });

    at(89);
    expect(await sweep()).toEqual({ reminded: [], unlisted: [] });
    at(91);
    expect(await sweep()).toEqual({ reminded: [id], unlisted: [] });
    at(92);
    expect(await sweep()).toEqual({ reminded: [], unlisted: [] });
    const [reminder, ...more] = await mailsTo('fresh@example.org');
    expect(more).toEqual([]);
    expect(reminder!.subject).toMatch(/still accepting new cases/);
    expect((await row(id)).freshness_reminded_at).toBe(at(91).toISOString());

    // The link opens a page and changes nothing (mail scanners fetch links); the button does.
    clock = at(95);
    const v = new Visitor(s);
    const link = linkPath(reminder!, '/availability/confirm');
    const page = await v.get(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Are you accepting new cases?');
    expect((await row(id)).accepting_confirmed_at).toBe(TEST_NOW.toISOString());
    const token = new URLSearchParams(link.split('?')[1]).get('token')!;
    const confirmed = await v.post('/availability/confirm', { token, answer: 'yes' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('your availability is confirmed as of today');
    expect((await row(id)).accepting_confirmed_at).toBe(clock.toISOString());
    // Once: a second use changes nothing.
    const confirmedAt = clock;
    clock = at(96);
    const again = await v.post('/availability/confirm', { token, answer: 'no' });
    expect(again.status).toBe(200);
    expect(again.html).toContain('Already confirmed');
    expect(await row(id)).toMatchObject({ accepting_confirmed_at: confirmedAt.toISOString(), accepting_cases: 1 });
    expect((await v.get(link)).html).toContain('Already confirmed');
    // A forged or altered token does nothing.
    expect((await v.get(`/availability/confirm?token=${token.slice(0, -2)}xx`)).status).toBe(400);
    expect((await v.post('/availability/confirm', { token: `${id}.${clock.getTime()}.${'A'.repeat(43)}` })).status).toBe(400);

    // 181 days after that confirmation (no sweep ran in between): unlisted, and gone from search.
    expect((await listed()).service).toContain('fresh-member');
    at(181, confirmedAt);
    expect(await sweep()).toEqual({ reminded: [], unlisted: [id] });
    expect(await row(id)).toMatchObject({ status: 'draft', unlisted_stale_at: clock.toISOString() });
    const gone = await listed();
    expect(gone.service).not.toContain('fresh-member');
    expect(gone.api).not.toContain('fresh-member');
    expect(gone.service).toContain('demo-old');
    expect((await s.get('/mediators/fresh-member')).status).toBe(404);
    expect((await row(demo)).status).toBe('published');
    expect(await sweep()).toEqual({ reminded: [], unlisted: [] });

    const notice = (await mailsTo('fresh@example.org')).at(-1)!;
    expect(notice.subject).toMatch(/no longer listed/);
    // The old reminder link has expired by now (30 days).
    expect((await v.get(link)).status).toBe(400);
    const relist = new URLSearchParams(linkPath(notice, '/availability/confirm').split('?')[1]).get('token')!;
    at(182, confirmedAt);
    const back = await v.post('/availability/confirm', { token: relist, answer: 'yes' });
    expect(back.html).toContain('your profile is listed again');
    expect(await row(id)).toMatchObject({ status: 'published', unlisted_stale_at: null, accepting_confirmed_at: clock.toISOString() });
    const listedAgain = await listed();
    expect(listedAgain.service).toContain('fresh-member');
    expect(listedAgain.api).toContain('fresh-member');
    expect((await s.get('/mediators/fresh-member')).status).toBe(200);
  });

  it('re-lists only a profile that was approved before, and records "not accepting" as an answer too', async () => {
    const unapproved = await member('unapproved@example.org', 'unapproved-member', { approved: false });
    const declining = await member('declining@example.org', 'declining-member');
    at(181);
    const swept = await sweep();
    expect(swept.unlisted).toEqual(expect.arrayContaining([unapproved, declining]));
    const v = new Visitor(s);
    const tokenOf = async (email: string) => new URLSearchParams(linkPath((await mailsTo(email)).at(-1)!, '/availability/confirm').split('?')[1]).get('token')!;

    const waiting = await v.post('/availability/confirm', { token: await tokenOf('unapproved@example.org'), answer: 'yes' });
    expect(waiting.html).toContain('once an editor has approved it');
    expect((await row(unapproved)).status).toBe('draft');

    const no = await v.post('/availability/confirm', { token: await tokenOf('declining@example.org'), answer: 'no' });
    expect(no.html).toContain('listed again');
    expect(await row(declining)).toMatchObject({ status: 'published', accepting_cases: 0, accepting_confirmed_at: clock.toISOString() });
    // Not accepting is not stale: later sweeps leave it alone.
    at(400);
    expect((await sweep()).unlisted).not.toContain(declining);
  });

  it('never lets an old link reach a profile made later with the same id', async () => {
    const old = await member('replaced@example.org', 'replaced-member');
    at(91);
    expect((await sweep()).reminded).toContain(old);
    const link = linkPath((await mailsTo('replaced@example.org')).at(-1)!, '/availability/confirm');
    const token = new URLSearchParams(link.split('?')[1]).get('token')!;
    // The profile is deleted, the newest one, so plain SQLite would hand its id to the next.
    await s.db.db.deleteFrom('mediators').where('id', '=', old).execute();
    const empty = { offices: [], practiceAreas: [], languages: [], credentials: [] };
    const next = await createMediator(s.db.db, engine, { name: 'Newcomer Mediator', slug: 'newcomer-member', acceptingConfirmedAt: TEST_NOW.toISOString(), ...empty });
    expect(next).toBeGreaterThan(old);
    // Even a profile holding the old id (as one made before ids were kept apart might) does not answer it.
    await s.db.db.updateTable('mediators').set({ id: old }).where('id', '=', next).execute();
    const v = new Visitor(s);
    const page = await v.get(link);
    expect(page.status).toBe(400);
    expect(page.html).not.toContain('Newcomer');
    const answer = await v.post('/availability/confirm', { token, answer: 'no' });
    expect(answer.status).toBe(400);
    expect(answer.html).not.toContain('Newcomer');
    expect(await row(old)).toMatchObject({ name: 'Newcomer Mediator', accepting_cases: 1, accepting_confirmed_at: TEST_NOW.toISOString() });
  });
});
