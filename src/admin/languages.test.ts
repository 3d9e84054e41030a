import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { postSmall } from '../../test/support/editing.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { postForm, profileForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { pageText, type Visitor } from '../../test/support/visitor.ts';

/** The languages a form offers under `name`, as "code=Label", in its order. */
const offered = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<input[^>]*name="${name}" value="([^"]+)"[^>]*>\\s*(?:<span>)?([^<]*)`, 'g'))].map((m) => `${m[1]}=${m[2]!.trim()}`);
const filterOf = async (server: TestServer) => offered(await (await server.get('/mediators?near=78701')).text(), 'language');
type ApiResults = { results: { name: string; languages: string[]; reasons: string[] }[] };

/**
 * The admins' languages through HTTP: add one, a member lists it, a visitor filters by it and
 * reads its name; rename, hide, show again, delete, each in the audit log; and every change seen
 * by a second instance, with its own database handle and so its own search index.
 */
describe.each(DIALECTS)('the admins’ languages on %s', (engine) => {
  let s: TestServer;
  let second: TestServer;
  let admin: Visitor & { userId: number };
  let member: Visitor & { userId: number };
  const db = () => s.db.db;
  const audit = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const add = (fields: Record<string, string>) => postSmall(admin, '/admin/languages', '/admin/languages', fields);

  beforeAll(async () => {
    s = await startTestServer(engine);
    const handle = openDatabase(engine, s.db.url);
    second = await startTestServer(engine, { db: { ...handle, url: s.db.url, drop: () => handle.close() } });
    admin = await signedIn(s, 'admin@example.org', 'admin');
    await createMediator(db(), engine, { name: 'Spanish Sofia', languages: ['en', 'es'] });
  });
  afterAll(async () => {
    await second?.close();
    await s?.close();
  });

  it('lists every language by name, with how many profiles list it, and offers delete only for unused ones', async () => {
    const r = await admin.get('/admin/languages');
    expect(r.status).toBe(200);
    const text = pageText(r.html);
    expect(text).toContain('Spanish es · listed by 1 profile, so it cannot be deleted');
    expect(text).toContain('Urdu ur · no profile lists it');
    expect(r.html).not.toContain('action="/admin/languages/es/delete"');
    expect(r.html).toContain('action="/admin/languages/ur/delete"');
  });

  it('adds a language a member then lists, and a visitor filters by it on either instance', async () => {
    expect(await filterOf(second)).not.toContain('yue=Cantonese');
    const added = await add({ code: ' YUE ', name: 'Cantonese' });
    expect(added.status, added.html).toBe(303);
    expect(added.location).toBe('/admin/languages?done=added#language-yue');
    expect(await audit('language.added')).toMatchObject({ subject_id: 'yue', actor_label: 'admin@example.org', after_json: JSON.stringify({ code: 'yue', name: 'Cantonese' }) });
    expect(await filterOf(second)).toContain('yue=Cantonese');

    member = await signedIn(s, 'yue@example.org');
    expect(offered((await member.get('/dashboard')).html, 'languages')).toContain('yue=Cantonese');
    const saved = await postForm(member, '/dashboard', '/dashboard/profile', profileForm({ name: 'Cantonese Carl', languages: ['en', 'yue'] }));
    expect(saved.status, saved.html).toBe(303);
    expect((await postForm(member, '/dashboard', '/dashboard/publish', [])).location).toBe('/dashboard?done=waiting');
    const { id, slug } = await db().selectFrom('mediators').select(['id', 'slug']).where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    const editor = await signedIn(s, 'editor@example.org', 'editor');
    expect((await postForm(editor, '/moderation', `/moderation/${id}/approve`, [])).location).toBe('/moderation?done=approved');

    for (const server of [s, second]) {
      const page = await server.get('/mediators?near=78701&language=yue');
      expect(page.status).toBe(200);
      const text = pageText(await page.text());
      expect(text).toContain('Cantonese Carl');
      expect(text).not.toContain('Spanish Sofia');
      expect(text).toContain('Cantonese, English');
      const api = (await (await server.get('/api/v1/mediators?near=78701&language=yue')).json()) as ApiResults;
      expect(api.results.map((r) => [r.name, r.languages, r.reasons.includes('Speaks Cantonese')])).toEqual([['Cantonese Carl', ['en', 'yue'], true]]);
    }
    expect(pageText(await (await s.get(`/mediators/${slug}`)).text())).toContain('Languages Cantonese and English');
  });

  it('renames a language: this instance and the other show the new name at once, the code stays', async () => {
    const r = await postSmall(admin, '/admin/languages', '/admin/languages/yue', { name: 'Cantonese (Yue)' });
    expect(r.location).toBe('/admin/languages?done=saved#language-yue');
    expect(await audit('language.renamed')).toMatchObject({ subject_id: 'yue', before_json: JSON.stringify({ name: 'Cantonese' }), after_json: JSON.stringify({ name: 'Cantonese (Yue)' }) });
    for (const server of [s, second]) {
      expect(await filterOf(server)).toContain('yue=Cantonese (Yue)');
      expect(pageText(await (await server.get('/mediators?near=78701&language=yue')).text())).toContain('Cantonese (Yue), English');
    }
    const { slug } = await db().selectFrom('mediators').select('slug').where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    expect(pageText(await (await second.get(`/mediators/${slug}`)).text())).toContain('Languages Cantonese (Yue) and English');
  });

  it('hides a language from the filter and the form; it stays on the profile, and comes back when shown again', async () => {
    const hidden = await postSmall(admin, '/admin/languages', '/admin/languages/yue/hide');
    expect(hidden.location).toBe('/admin/languages?done=hidden#language-yue');
    expect(await audit('language.hidden')).toMatchObject({ subject_id: 'yue', after_json: JSON.stringify({ hidden: true }) });
    expect(pageText((await admin.get('/admin/languages')).html)).toContain('yue · listed by 1 profile, so it cannot be deleted · hidden from search filters and the profile form');
    for (const server of [s, second]) expect((await filterOf(server)).map((l) => l.split('=')[0])).not.toContain('yue');
    // An old link with the code still works, and the filter then shows it chosen, so it can be unchosen.
    const old = await second.get('/mediators?near=78701&language=yue');
    expect(old.status).toBe(200);
    expect(offered(await old.text(), 'language')).toContain('yue=Cantonese (Yue)');

    const newcomer = await signedIn(s, 'new@example.org');
    expect(offered((await newcomer.get('/dashboard')).html, 'languages').map((l) => l.split('=')[0])).not.toContain('yue');
    const refused = await postForm(newcomer, '/dashboard', '/dashboard/profile', profileForm({ name: 'New Nadia', languages: ['yue'] }));
    expect(refused.status).toBe(400);
    expect(pageText(refused.html)).toContain('Choose languages from the list.');

    // The member who lists it keeps it: on the form (checked), through a save, on the profile.
    expect(offered((await member.get('/dashboard')).html, 'languages')).toContain('yue=Cantonese (Yue)');
    expect((await postForm(member, '/dashboard', '/dashboard/profile', profileForm({ name: 'Cantonese Carl', languages: ['en', 'yue'] }))).status).toBe(303);
    const { slug } = await db().selectFrom('mediators').select('slug').where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    expect(pageText(await (await s.get(`/mediators/${slug}`)).text())).toContain('Languages Cantonese (Yue) and English');

    expect((await postSmall(admin, '/admin/languages', '/admin/languages/yue/show')).location).toBe('/admin/languages?done=shown#language-yue');
    expect((await audit('language.shown')).subject_id).toBe('yue');
    expect(await filterOf(second)).toContain('yue=Cantonese (Yue)');
  });

  it('deletes a language no profile lists, and refuses while one does', async () => {
    const used = await postSmall(admin, '/admin/languages', '/admin/languages/yue/delete');
    expect(used.status).toBe(409);
    expect(pageText(used.html)).toContain('1 profile lists this language, so it was not deleted.');
    expect(await db().selectFrom('languages').select('code').where('code', '=', 'yue').execute()).toHaveLength(1);
    expect((await add({ code: 'xh', name: 'Xhosa' })).status).toBe(303);
    const gone = await postSmall(admin, '/admin/languages', '/admin/languages/xh/delete');
    expect(gone.location).toBe('/admin/languages?done=deleted');
    expect(JSON.parse((await audit('language.deleted')).before_json!)).toEqual({ code: 'xh', name: 'Xhosa', hidden: false });
    expect((await filterOf(second)).map((l) => l.split('=')[0])).not.toContain('xh');
    expect((await second.get('/mediators?near=78701&language=xh')).status).toBe(400);
  });

  it('refuses bad codes and names with a message each, the typed values kept', async () => {
    for (const [code, message] of [
      ['', 'Enter the language’s code, such as pt for Portuguese.'],
      ['e', 'Use the ISO 639 code: 2 or 3 letters, a to z.'],
      ['engl', 'Use the ISO 639 code'],
      ['e1', 'Use the ISO 639 code'],
      ['é', 'Use the ISO 639 code'],
    ] as const) {
      const r = await add({ code, name: 'Something' });
      expect(r.status, code).toBe(400);
      expect(pageText(r.html)).toContain(message);
      expect(r.html).toContain('href="#code"');
    }
    const taken = await add({ code: 'es', name: 'Castilian' });
    expect(taken.status).toBe(400);
    expect(pageText(taken.html)).toContain('The code “es” is already in the list.');
    const sameName = await add({ code: 'ca', name: 'SPANISH' });
    expect(sameName.status).toBe(400);
    expect(pageText(sameName.html)).toContain('There is already a language named “SPANISH”.');
    expect(sameName.html).toContain('value="SPANISH"');
    expect(pageText((await add({ code: 'ca', name: 'C' })).html)).toContain('Use at least 2 characters for the name.');
    expect((await add({ code: 'ca', name: 'C'.repeat(61) })).status).toBe(400);
    const payload = '<script>alert(1)</script>';
    const odd = await add({ code: payload, name: payload });
    expect(odd.status).toBe(400);
    expect(executableInjections(odd.html)).toEqual([]);
    const rename = await postSmall(admin, '/admin/languages', '/admin/languages/es', { name: ' ' });
    expect(rename.status).toBe(400);
    expect(rename.html).toContain('href="#es-name"');
    expect((await postSmall(admin, '/admin/languages', '/admin/languages/zz', { name: 'Zed' })).status).toBe(404);
    expect((await postSmall(admin, '/admin/languages', '/admin/languages/..%2Fetc/delete')).status).toBe(404);
    expect(await db().selectFrom('languages').select('code').where('code', 'in', ['ca', 'e', 'engl']).execute()).toEqual([]);
  });

  it('answers an unknown language in a search with a 400 that says so', async () => {
    const page = await s.get('/mediators?near=78701&language=zz');
    expect(page.status).toBe(400);
    expect(pageText(await page.text())).toContain('Unknown language: zz.');
    expect((await s.get('/api/v1/mediators?near=78701&language=zz')).status).toBe(400);
    expect((await s.get('/api/v1/mediators?near=78701&language=%3Cb%3E')).status).toBe(400);
  });

  it('is for admins only', async () => {
    const editor = await signedIn(s, 'editor2@example.org', 'editor');
    expect((await editor.get('/admin/languages')).status).toBe(403);
    expect((await postSmall(editor, '/editor/categories', '/admin/languages/ur/delete')).status).toBe(403);
    expect((await postSmall(editor, '/editor/categories', '/admin/languages/ur/hide')).status).toBe(403);
    expect(await db().selectFrom('languages').select(['code', 'hidden']).where('code', '=', 'ur').execute()).toEqual([{ code: 'ur', hidden: 0 }]);
  });
});
