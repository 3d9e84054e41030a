import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { postSmall, statusOf, writePiece } from '../../test/support/editing.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

/**
 * Editors schedule in their own time zone: the time is typed and shown as local time there, and
 * stored in UTC. The expected instants are worked out by hand (New York is UTC−5 in November and
 * UTC−4 from 14 March 2027), not by the code under test.
 */
describe.each(DIALECTS)('scheduling in the editor’s time zone on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(engine);
  });
  afterAll(() => s.close());

  async function submittedPiece(title: string): Promise<number> {
    const member = await signedIn(s, 'zone-writer@example.org');
    const id = await writePiece(member, { title, byline_name: 'Zoe Writer' });
    expect((await postSmall(member, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`)).status).toBe(303);
    return id;
  }

  it('says UTC is used until the editor chooses a zone, then stores local time as UTC and shows it back in that zone', async () => {
    const editor = await signedIn(s, 'zone-editor@example.org', 'editor');
    const id = await submittedPiece('Scheduled from New York');
    const path = `/editor/articles/${id}`;
    const first = await editor.get(path);
    expect(first.html).toContain('Times are in UTC until you choose your zone');
    expect(first.html).toMatch(/<option value="UTC" selected>UTC<\/option>/);
    expect(first.html).toContain('<option value="America/New_York">America/New York</option>');
    // The suggested time is the next whole hour after "now" (12:00 UTC), in UTC.
    expect(first.html).toContain('value="2026-11-25T13:00"');

    const r = await postSmall(editor, path, `${path}/schedule`, { publish_at: '2026-11-26T09:30', time_zone: 'America/New_York' });
    expect(r.status, r.html.slice(0, 500)).toBe(303);
    const row = await s.db.db.selectFrom('articles').select(['status', 'publish_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'scheduled', publish_at: '2026-11-26T14:30:00.000Z' });

    // Remembered: the review page, the queue and the list show New York time, and the form starts there.
    const page = await editor.get(path);
    expect(page.html).toContain('Scheduled</span><span> for 26 Nov 2026, 09:30 (America/New York)</span>');
    expect(page.html).toMatch(/<option value="America\/New_York" selected>/);
    expect(page.html).toContain('value="2026-11-26T09:30"');
    expect(page.html).toContain('Now it is 25 Nov 2026, 07:00 (America/New York).');
    expect(page.html).toContain('The zone you scheduled in last time.');
    expect((await editor.get('/editor')).html).toContain('26 Nov 2026, 09:30 (America/New York)');
    expect((await editor.get('/editor/articles?status=scheduled')).html).toContain('26 Nov 2026, 09:30 (America/New York)');

    // Another editor who chose nothing sees the same instant in UTC.
    const other = await signedIn(s, 'zone-other@example.org', 'editor');
    expect((await other.get(path)).html).toContain('26 Nov 2026, 14:30 UTC');
  });

  it('takes summer time into account, and refuses a time the clocks skip or a zone not on the list', async () => {
    const editor = await signedIn(s, 'zone-editor@example.org', 'editor');
    const id = await submittedPiece('Scheduled across the clock change');
    const path = `/editor/articles/${id}`;

    const skipped = await postSmall(editor, path, `${path}/schedule`, { publish_at: '2027-03-14T02:30', time_zone: 'America/New_York' });
    expect(skipped.status).toBe(400);
    expect(skipped.html).toContain('That time does not exist in America/New York: the clocks go forward then.');
    expect(skipped.html).toContain('value="2027-03-14T02:30"');
    expect(await statusOf(s, id)).toBe('submitted');

    const mars = await postSmall(editor, path, `${path}/schedule`, { publish_at: '2027-01-01T10:00', time_zone: 'Mars/Olympus_Mons' });
    expect(mars.status).toBe(400);
    expect(mars.html).toContain('Choose a time zone from the list');
    expect(await statusOf(s, id)).toBe('submitted');

    const summer = await postSmall(editor, path, `${path}/schedule`, { publish_at: '2027-03-14T03:30', time_zone: 'America/New_York' });
    expect(summer.status).toBe(303);
    const row = await s.db.db.selectFrom('articles').select('publish_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.publish_at).toBe('2027-03-14T07:30:00.000Z');

    // A zone east of UTC, chosen now, is remembered in its place.
    const tokyo = await postSmall(editor, path, `${path}/schedule`, { publish_at: '2026-12-01T09:00', time_zone: 'Asia/Tokyo' });
    expect(tokyo.status).toBe(303);
    expect((await s.db.db.selectFrom('articles').select('publish_at').where('id', '=', id).executeTakeFirstOrThrow()).publish_at).toBe('2026-12-01T00:00:00.000Z');
    const user = await s.db.db.selectFrom('users').select('time_zone').where('email', '=', 'zone-editor@example.org').executeTakeFirstOrThrow();
    expect(user.time_zone).toBe('Asia/Tokyo');
  });
});
