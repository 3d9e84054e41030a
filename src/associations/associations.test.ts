import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator } from '../../test/support/factories.ts';
import { executableInjections } from '../../test/support/html.ts';
import { declaredPng } from '../../test/support/images.ts';
import { insertAssociation, insertMembership } from '../../test/support/associations.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { csrfToken, pageText, Visitor, type Page } from '../../test/support/visitor.ts';

const PAYLOAD = '"><script>alert(1)</script>';

const details = (over: Record<string, string> = {}) => ({
  name: 'Southern California Mediation Association',
  description: 'Mediators of Southern California since 1988.\n\nWe run a court panel.',
  criteria: 'Forty hours of training and five mediations a year.',
  website: 'https://scma.example.org',
  color_primary: '#1a3d6e',
  color_accent: '#f2c14e',
  ...over,
});

/** The JSON-LD blocks of a page, parsed. */
const jsonLd = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));

/**
 * Associations through HTTP on a real server and database: admins create and edit them (every
 * change audited, bad input refused with a message), upload a logo (re-encoded; an SVG and a pixel
 * bomb refused), add, rename and remove panels and name admins; visitors see the list and the page
 * with its panels and listed members in the association's colours.
 */
describe.each(DIALECTS)('associations on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor & { userId: number };
  const db = () => s.db.db;

  async function postAs(v: Visitor, page: string, action: string, fields: Record<string, string>): Promise<Page> {
    const token = csrfToken((await v.get(page)).html);
    return v.post(action, { _csrf: token, ...fields });
  }
  async function postLogo(v: Visitor, id: number, data: Buffer, filename: string, type: string): Promise<Page> {
    const token = csrfToken((await v.get(`/admin/associations/${id}`)).html);
    const form = new FormData();
    form.append('_csrf', token);
    form.append('logo', new Blob([new Uint8Array(data)], { type }), filename);
    return v.request(`/admin/associations/${id}/logo`, { method: 'POST', body: form });
  }
  const audit = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const created = async (fields = details()) => {
    const r = await postAs(admin, '/admin/associations', '/admin/associations', fields);
    expect(r.status, pageText(r.html)).toBe(303);
    return Number(/\/admin\/associations\/(\d+)\?done=created/.exec(r.location!)![1]);
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'admin@example.org', 'admin');
  });
  afterAll(() => s.close());

  it('lets an admin create an association, refusing bad input with a message, and audits it', async () => {
    const tooPale = await postAs(admin, '/admin/associations', '/admin/associations', details({ color_primary: '#f2c14e' }));
    expect(tooPale.status).toBe(400);
    expect(pageText(tooPale.html)).toContain('White text on #f2c14e is too hard to read (contrast 1.7:1; at least 4.5:1 is needed). Choose a darker main colour.');
    // What was typed comes back.
    expect(tooPale.html).toContain('value="Southern California Mediation Association"');
    const bad = await postAs(admin, '/admin/associations', '/admin/associations', details({ name: ' ', website: 'javascript:alert(1)', color_accent: 'red' }));
    expect(bad.status).toBe(400);
    const text = pageText(bad.html);
    expect(text).toContain('Enter the association’s name.');
    expect(text).toContain('Give the website as a full address starting with https:// or http://');
    expect(text).toContain('Give the background colour as # and six hexadecimal digits, like #0b5d6b.');
    expect(await db().selectFrom('associations').select('id').execute()).toEqual([]);

    const id = await created();
    const row = await db().selectFrom('associations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ slug: 'southern-california-mediation-association', color_primary: '#1a3d6e', website: 'https://scma.example.org' });
    const [entry] = await audit('association.created');
    expect(entry).toMatchObject({ actor_user_id: admin.userId, actor_label: 'admin@example.org', subject_id: String(id), association_id: id });
    expect(JSON.parse(entry!.after_json!)).toMatchObject({ slug: 'southern-california-mediation-association', color_primary: '#1a3d6e' });

    // The same letters make the same address: refused, not a 500.
    const twin = await postAs(admin, '/admin/associations', '/admin/associations', details({ name: 'Southern California Mediation Association!' }));
    expect(twin.status).toBe(409);
    expect(pageText(twin.html)).toContain('already exists');
    // Two admins adding the same association at once: one is added, the other told it exists.
    const token = csrfToken((await admin.get('/admin/associations')).html);
    const both = await Promise.all([1, 2].map(() => admin.post('/admin/associations', { _csrf: token, ...details({ name: 'Twice At Once' }) })));
    expect(both.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await db().selectFrom('associations').select('id').where('slug', '=', 'twice-at-once').execute()).toHaveLength(1);
  });

  it('saves edits with before and after in the audit log, keeping the address', async () => {
    const id = await created(details({ name: 'Edit Me Association' }));
    const r = await postAs(admin, `/admin/associations/${id}`, `/admin/associations/${id}`, details({ name: 'Edited Association', color_primary: '#204020' }));
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/admin/associations/${id}?done=saved`);
    const row = await db().selectFrom('associations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ slug: 'edit-me-association', name: 'Edited Association', color_primary: '#204020' });
    const [entry] = (await audit('association.updated')).filter((e) => e.subject_id === String(id));
    expect(JSON.parse(entry!.before_json!)).toMatchObject({ name: 'Edit Me Association', color_primary: '#1a3d6e' });
    expect(JSON.parse(entry!.after_json!)).toMatchObject({ name: 'Edited Association', color_primary: '#204020' });
    // A refused edit changes nothing.
    const refused = await postAs(admin, `/admin/associations/${id}`, `/admin/associations/${id}`, details({ name: 'Edited Again', color_primary: '#ffffff' }));
    expect(refused.status).toBe(400);
    expect((await db().selectFrom('associations').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name).toBe('Edited Association');
  });

  it('takes a PNG logo re-encoded as WebP, and refuses an SVG and a pixel bomb with a message', async () => {
    const id = await created(details({ name: 'Logo Association' }));
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><script>alert(1)</script><rect width="200" height="100"/></svg>');
    const refusedSvg = await postLogo(admin, id, svg, 'logo.svg', 'image/svg+xml');
    expect(refusedSvg.status).toBe(400);
    expect(pageText(refusedSvg.html)).toContain('SVG files are not taken, as they can carry scripts.');
    const bomb = await postLogo(admin, id, await declaredPng(20_000, 20_000), 'bomb.png', 'image/png');
    expect(bomb.status).toBe(400);
    expect(pageText(bomb.html)).toContain('That image is too large in pixels.');
    expect((await db().selectFrom('associations').select('logo_url').where('id', '=', id).executeTakeFirstOrThrow()).logo_url).toBeNull();

    const png = await sharp({ create: { width: 600, height: 200, channels: 3, background: '#1a3d6e' } }).png().toBuffer();
    const ok = await postLogo(admin, id, png, 'logo.png', 'image/png');
    expect(ok.status, pageText(ok.html)).toBe(303);
    const { logo_url } = await db().selectFrom('associations').select('logo_url').where('id', '=', id).executeTakeFirstOrThrow();
    expect(logo_url).toMatch(/^\/media\/logos\/[0-9a-f]{32}\.webp$/);
    const served = await fetch(s.baseUrl + logo_url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    // Whole inside the box: a 3:1 logo is 320 wide, not cropped to 2:1.
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 160]);
    expect((await audit('association.logo_set')).map((e) => e.subject_id)).toContain(String(id));

    // Removed: the file is no longer served.
    const token = csrfToken((await admin.get(`/admin/associations/${id}`)).html);
    expect((await admin.post(`/admin/associations/${id}/logo/delete`, { _csrf: token })).status).toBe(303);
    expect((await fetch(s.baseUrl + logo_url)).status).toBe(404);
  });

  it('adds, renames and removes panels, refusing another association’s panel id', async () => {
    const id = await created(details({ name: 'Panel Association' }));
    const other = await insertAssociation(db(), { slug: 'other-panels', panels: ['theirs'] });
    const page = `/admin/associations/${id}`;
    expect((await postAs(admin, page, `${page}/panels`, { panel_name: 'Court Panel' })).status).toBe(303);
    expect((await postAs(admin, page, `${page}/panels`, { panel_name: 'court panel' })).status).toBe(409);
    expect((await postAs(admin, page, `${page}/panels`, { panel_name: '' })).status).toBe(400);
    const [panel] = await db().selectFrom('association_panels').selectAll().where('association_id', '=', id).execute();
    expect(panel).toMatchObject({ slug: 'court-panel', name: 'Court Panel' });

    expect((await postAs(admin, page, `${page}/panels/${panel!.id}`, { name: 'Superior Court Panel' })).status).toBe(303);
    const renamed = await db().selectFrom('association_panels').selectAll().where('id', '=', panel!.id).executeTakeFirstOrThrow();
    expect(renamed).toMatchObject({ slug: 'court-panel', name: 'Superior Court Panel' });

    // Another association's panel through this association's address: refused, nothing changed.
    const tampered = await postAs(admin, page, `${page}/panels/${other.panels.theirs}`, { name: 'Hijacked' });
    expect(tampered.status).toBe(404);
    expect((await postAs(admin, page, `${page}/panels/${other.panels.theirs}/delete`, {})).status).toBe(404);
    expect((await postAs(admin, page, `${page}/panels/abc`, { name: 'x' })).status).toBe(404);
    expect((await db().selectFrom('association_panels').select('name').where('id', '=', other.panels.theirs!).executeTakeFirstOrThrow()).name).toBe('theirs');

    expect((await postAs(admin, page, `${page}/panels/${panel!.id}/delete`, {})).status).toBe(303);
    expect(await db().selectFrom('association_panels').select('id').where('association_id', '=', id).execute()).toEqual([]);
    expect((await audit('panel.created')).length).toBeGreaterThan(0);
    expect((await audit('panel.renamed'))[0]).toMatchObject({ before_json: JSON.stringify({ name: 'Court Panel' }), association_id: id });
    expect((await audit('panel.removed'))[0]).toMatchObject({ subject_id: String(panel!.id) });
  });

  it('names an existing account as an association admin by email, and refuses an unknown one', async () => {
    const id = await created(details({ name: 'Admins Association' }));
    const page = `/admin/associations/${id}`;
    const member = await signedIn(s, 'chair@scma.example.org');
    const unknown = await postAs(admin, page, `${page}/admins`, { email: 'nobody@example.org' });
    expect(unknown.status).toBe(400);
    expect(pageText(unknown.html)).toContain('There is no account for nobody@example.org.');
    expect((await postAs(admin, page, `${page}/admins`, { email: 'not an address' })).status).toBe(400);
    const token = csrfToken((await admin.get(page)).html);
    const added = await Promise.all([1, 2, 3].map(() => admin.post(`${page}/admins`, { _csrf: token, email: ' Chair@SCMA.example.org ' })));
    expect(added.map((r) => r.status)).toEqual([303, 303, 303]);
    expect((await admin.get(page)).html).toContain('chair@scma.example.org');
    expect(await db().selectFrom('association_admins').select('user_id').where('association_id', '=', id).execute()).toEqual([{ user_id: member.userId }]);
    // Named three times at once, recorded once.
    expect((await audit('association_admin.added')).filter((e) => e.subject_id === String(member.userId))).toMatchObject([{ association_id: id }]);

    expect((await postAs(admin, page, `${page}/admins/${member.userId}/delete`, {})).status).toBe(303);
    expect(await db().selectFrom('association_admins').select('user_id').where('association_id', '=', id).execute()).toEqual([]);
    expect((await postAs(admin, page, `${page}/admins/${member.userId}/delete`, {})).status).toBe(404);
    expect((await audit('association_admin.removed')).at(-1)).toMatchObject({ subject_id: String(member.userId) });

    // Not for members or editors.
    expect((await member.get('/admin/associations')).status).toBe(403);
    const editor = await signedIn(s, 'editor@example.org', 'editor');
    expect((await editor.get(page)).status).toBe(403);
    expect((await admin.get('/admin/associations/999999')).status).toBe(404);
  });

  it('shows the list and each association’s page: panels, listed members only, its colours, JSON-LD', async () => {
    const a = await insertAssociation(db(), { slug: 'public-assoc', name: `Public ${PAYLOAD}`, panels: ['family-panel', 'reduced-fee'], primary: '#5a1e3c' });
    const ann = await createMediator(db(), engine, { name: 'Ann Member' });
    const bob = await createMediator(db(), engine, { name: 'Bob Panelist' });
    const cat = await createMediator(db(), engine, { name: 'Cat Applied' });
    const dan = await createMediator(db(), engine, { name: 'Dan Unlisted', status: 'draft' });
    await insertMembership(db(), a.id, ann);
    await insertMembership(db(), a.id, bob, [a.panels['family-panel']!]);
    await insertMembership(db(), a.id, cat, [], 'applied');
    await insertMembership(db(), a.id, dan);

    const list = await new Visitor(s).get('/associations');
    expect(list.status).toBe(200);
    expect(pageText(list.html)).toContain('2 listed members');
    expect(list.html).toContain('href="/associations/public-assoc"');
    expect(executableInjections(list.html)).toEqual([]);

    const page = await fetch(`${s.baseUrl}/associations/public-assoc`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(executableInjections(html)).toEqual([]);
    const text = pageText(html);
    expect(text).toContain('Ann Member');
    expect(text).toContain('Bob Panelist');
    expect(text).not.toContain('Cat Applied');
    expect(text).not.toContain('Dan Unlisted');
    // The family panel lists Bob alone; the other panel no one.
    const family = /<section class="association-panel" aria-labelledby="panel-family-panel">([\s\S]*?)<\/section>/.exec(html)![1]!;
    expect(family).toContain('Bob Panelist');
    expect(family).not.toContain('Ann Member');
    const slugOf = async (id: number) => (await db().selectFrom('mediators').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
    expect(html).toContain(`href="/mediators/${await slugOf(ann)}"`);
    const [org] = jsonLd(html);
    expect(org).toMatchObject({ '@type': 'Organization', name: `Public ${PAYLOAD}`, url: 'http://concord.test/associations/public-assoc' });
    expect(org.member.map((m: { name: string }) => m.name)).toEqual(['Ann Member', 'Bob Panelist']);

    const theme = /<link rel="stylesheet" href="(\/associations\/public-assoc\/theme\.css\?v=[^"]+)"/.exec(html)![1]!;
    const css = await fetch(s.baseUrl + theme.replace(/&amp;/g, '&'));
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('--assoc-primary: #5a1e3c;');

    expect((await fetch(`${s.baseUrl}/associations/no-such-association`)).status).toBe(404);
    expect((await fetch(`${s.baseUrl}/associations/NOT..valid`)).status).toBe(404);
  });
});
