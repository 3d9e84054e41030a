import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { postSmall, statusOf, writePiece } from '../../test/support/editing.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { buildApp } from '../app.ts';

const MINUTE = 60_000;

/**
 * Scheduled publication on the server's clock: a piece scheduled a minute ahead goes out when
 * the clock passes it, and one that came due while the server was down goes out when it starts.
 */
describe.each(DIALECTS)('publishing scheduled pieces on %s', (engine) => {
  let clock = TEST_NOW.getTime();
  const now = () => new Date(clock);
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(engine, { now });
  });
  afterAll(async () => {
    await s.close();
  });

  /** A member's piece, submitted, then scheduled by an editor `ahead` ms from the clock. */
  async function scheduled(server: TestServer, title: string, ahead: number): Promise<number> {
    const member = await signedIn(server, 'writer@example.org');
    const editor = await signedIn(server, 'editor@example.org', 'editor');
    const id = await writePiece(member, { title, byline_name: 'Wren Writer' });
    expect((await postSmall(member, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`)).status).toBe(303);
    const at = new Date(clock + ahead).toISOString().slice(0, 16);
    const r = await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/schedule`, { publish_at: at });
    expect(r.status, r.html.slice(0, 300)).toBe(303);
    return id;
  }

  it('publishes a piece scheduled a minute ahead once the clock passes it, and mails its writer', async () => {
    clock = TEST_NOW.getTime();
    const id = await scheduled(s, 'Scheduled a minute ahead', MINUTE);
    expect(await statusOf(s, id)).toBe('scheduled');
    // Not yet due: a run changes nothing.
    await s.app.articleScheduler.run();
    expect(await statusOf(s, id)).toBe('scheduled');

    clock += 2 * MINUTE;
    const mailsBefore = (await s.mails()).length;
    await s.app.articleScheduler.run();
    const row = await s.db.db.selectFrom('articles').select(['status', 'published_at', 'publish_at', 'slug']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(row.published_at).toBe(new Date(clock).toISOString());
    const mails = (await s.mails()).slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toContain('writer@example.org');
    expect(mails[0]!.text).toContain(`/articles/${row.slug}`);
    const trail = await s.db.db.selectFrom('article_reviews').select('action').where('article_id', '=', id).orderBy('id').execute();
    expect(trail.map((t) => t.action)).toEqual(['submitted', 'approved', 'scheduled', 'published']);
    // A second run publishes (and mails) nothing more.
    await s.app.articleScheduler.run();
    expect((await s.mails()).length).toBe(mailsBefore + 1);
  });

  it('publishes on start what came due while the server was down', async () => {
    clock = TEST_NOW.getTime() + 10 * MINUTE;
    const down = await startTestServer(engine, { now });
    const id = await scheduled(down, 'Due during a restart', MINUTE);
    const { deps } = down.app;
    await down.app.close();

    clock += 5 * MINUTE;
    // A new server on the same database: the first run happens as it becomes ready.
    const restarted = await buildApp({ ...deps, now });
    try {
      await restarted.ready();
      await restarted.articleScheduler.settled();
      expect(await statusOf(down, id)).toBe('published');
      expect((await down.mails()).at(-1)!.subject).toBe('Your piece is published on Concord');
    } finally {
      await restarted.close();
      await down.db.drop();
      for (const dir of [down.mailDir, down.photoDir, down.articleImageDir]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
