import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { postSmall } from '../../test/support/editing.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';

/** The practice areas the search page's filter offers, as "slug=Name", in its order. */
const filterAreas = (html: string) => [...html.matchAll(/<input[^>]*name="practice" value="([^"]+)"[^>]*>\s*<span>([^<]*)<\/span>|<input[^>]*name="practice" value="([^"]+)"[^>]*>[^<]*<\/label>/g)].map((m) => m[1] ?? m[3]);
const labelOf = (html: string, slug: string) => new RegExp(`value="${slug}"[^>]*>\\s*(?:<span>)?([^<]+)`).exec(html)?.[1]?.trim();

/**
 * The admins' practice areas through HTTP: list, add, rename, reorder, delete one no profile
 * lists (409 for one that is listed), each in the audit log; and a rename seen in the search
 * filters of a second instance, with its own database handle and so its own search index.
 */
describe.each(DIALECTS)('the admins’ practice areas on %s', (engine) => {
  let s: TestServer;
  let second: TestServer;
  let admin: Visitor & { userId: number };
  const db = () => s.db.db;
  const page = () => admin.get('/admin/practice-areas');
  const audit = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();

  beforeAll(async () => {
    s = await startTestServer(engine);
    // The second instance: the same database through a handle of its own.
    const handle = openDatabase(engine, s.db.url);
    second = await startTestServer(engine, { db: { ...handle, url: s.db.url, drop: () => handle.close() } });
    admin = await signedIn(s, 'admin@example.org', 'admin');
    await createMediator(db(), engine, { name: 'Family Fran', practiceAreas: ['family'] });
  });
  afterAll(async () => {
    await second?.close();
    await s?.close();
  });

  it('lists every area in its order, with how many profiles list it', async () => {
    const r = await page();
    expect(r.status).toBe(200);
    const text = pageText(r.html);
    expect(text).toContain('Family &amp; divorce family · listed by 1 profile');
    expect(text).toContain('Workplace workplace · no profile lists it');
    // No delete button for an area a profile lists.
    expect(r.html).not.toContain('action="/admin/practice-areas/family/delete"');
    expect(r.html).toContain('action="/admin/practice-areas/workplace/delete"');
  });

  it('renames an area, and a second instance’s search filter shows the new name on its next search', async () => {
    const before = await (await second.get('/mediators?near=78701')).text();
    expect(labelOf(before, 'workplace')).toBe('Workplace');
    const r = await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/workplace', { name: 'Workplace & employment', description: 'Colleagues, managers and teams.' });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe('/admin/practice-areas?done=saved#area-workplace');
    const after = await (await second.get('/mediators?near=78701')).text();
    expect(labelOf(after, 'workplace')).toBe('Workplace &amp; employment');
    expect(await audit('practice_area.changed')).toMatchObject({ subject_id: 'workplace', actor_label: 'admin@example.org', before_json: JSON.stringify({ name: 'Workplace', description: 'Conflicts between colleagues, managers and teams; employment disputes.' }) });
    // Its slug stays, so search addresses keep working.
    expect((await second.get('/mediators?near=78701&practice=workplace')).status).toBe(200);
  });

  it('indexes the new name for keyword search, on this instance and the other', async () => {
    const found = async (server: TestServer, q: string) =>
      ((await (await server.get(`/api/v1/mediators?near=78701&q=${encodeURIComponent(q)}`)).json()) as { results: { name: string }[] }).results.map((r) => r.name);
    expect(await found(s, 'matrimonial')).toEqual([]);
    const family = await db().selectFrom('practice_areas').select(['name', 'description']).where('slug', '=', 'family').executeTakeFirstOrThrow();
    expect((await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/family', { name: 'Family & matrimonial', description: family.description })).status).toBe(303);
    expect(await found(s, 'matrimonial')).toEqual(['Family Fran']);
    expect(await found(second, 'matrimonial')).toEqual(['Family Fran']);
    expect((await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/family', family)).status).toBe(303);
    expect(await found(s, 'matrimonial')).toEqual([]);
    expect(await found(s, 'divorce')).toEqual(['Family Fran']);
  });

  it('adds an area at the end, moves it up, and deletes it while no profile lists it', async () => {
    const added = await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas', { name: 'Sports & clubs', description: 'Athletes, clubs and leagues.' });
    expect(added.location).toBe('/admin/practice-areas?done=added#area-sports-and-clubs');
    expect(JSON.parse((await audit('practice_area.added')).after_json!)).toEqual({ name: 'Sports & clubs', description: 'Athletes, clubs and leagues.' });
    let order = filterAreas(await (await second.get('/mediators?near=78701')).text());
    expect(order.at(-1)).toBe('sports-and-clubs');
    await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/sports-and-clubs/reorder', { direction: 'up' });
    order = filterAreas(await (await second.get('/mediators?near=78701')).text());
    expect(order.slice(-2)).toEqual(['sports-and-clubs', 'education']);
    expect((await audit('practice_area.moved')).subject_id).toBe('sports-and-clubs');
    const gone = await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/sports-and-clubs/delete');
    expect(gone.location).toBe('/admin/practice-areas?done=deleted');
    expect(filterAreas(await (await second.get('/mediators?near=78701')).text())).not.toContain('sports-and-clubs');
    expect(JSON.parse((await audit('practice_area.deleted')).before_json!)).toMatchObject({ slug: 'sports-and-clubs', name: 'Sports & clubs' });
  });

  it('refuses a listed area’s deletion, a taken or empty name, a bad direction and an unknown area, with messages', async () => {
    const used = await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/family/delete');
    expect(used.status).toBe(409);
    expect(pageText(used.html)).toContain('1 profile lists this practice area, so it was not deleted.');
    expect(await db().selectFrom('practice_areas').select('slug').where('slug', '=', 'family').execute()).toHaveLength(1);
    const taken = await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas', { name: 'WORKPLACE & Employment', description: '' });
    expect(taken.status).toBe(400);
    expect(pageText(taken.html)).toContain('There is already a practice area named “WORKPLACE &amp; Employment”.');
    expect(taken.html).toContain('value="WORKPLACE &amp; Employment"');
    const empty = await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/family', { name: '  ', description: '' });
    expect(empty.status).toBe(400);
    expect(pageText(empty.html)).toContain('Enter a name for the practice area.');
    expect(empty.html).toContain('href="#family-name"');
    const payload = '<script>alert(1)</script>';
    const odd = await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas', { name: payload.repeat(5), description: '' });
    expect(odd.status).toBe(400);
    expect(executableInjections(odd.html)).toEqual([]);
    expect((await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/family/reorder', { direction: 'sideways' })).status).toBe(400);
    expect((await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/no-such-area', { name: 'X', description: '' })).status).toBe(404);
    expect((await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/..%2Fetc/delete')).status).toBe(404);
    expect((await postSmall(admin, '/admin/practice-areas', '/admin/practice-areas/no-such-area/delete')).status).toBe(404);
  });

  it('is for admins only', async () => {
    const editor = await signedIn(s, 'editor@example.org', 'editor');
    expect((await editor.get('/admin/practice-areas')).status).toBe(403);
    expect((await postSmall(editor, '/editor/categories', '/admin/practice-areas/workplace/delete')).status).toBe(403);
    expect(await db().selectFrom('practice_areas').select('slug').where('slug', '=', 'workplace').execute()).toHaveLength(1);
  });
});
