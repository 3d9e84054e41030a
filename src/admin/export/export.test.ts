import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/db.ts';
import { createMediator, mediatorInput } from '../../../test/support/factories.ts';
import { signedIn } from '../../../test/support/members.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../../test/support/server.ts';
import { csrfToken, type Visitor } from '../../../test/support/visitor.ts';

const FORMULA = '=HYPERLINK("http://evil.example/x","Click me")';

describe.each(DIALECTS)('exports on %s', (engine) => {
  let s: TestServer;
  let admin: Visitor;
  let associationId: number;
  const csv = async (path: string) => {
    const r = await admin.get(path);
    expect(r.status, r.html).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="concord-[\w-]+-2026-11-25\.csv"$/);
    return parse(r.html, { columns: true, bom: true }) as Record<string, string>[];
  };
  const json = async (path: string) => {
    const r = await admin.get(path);
    expect(r.status).toBe(200);
    return JSON.parse(r.html) as Record<string, unknown>[];
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    admin = await signedIn(s, 'admin@example.org', 'admin');
    const at = TEST_NOW.toISOString();
    const listed = await createMediator(s.db.db, engine, mediatorInput({ name: 'Listed Lee', headline: '@SUM(1+1)', practiceAreas: ['family'], languages: ['en'] }));
    const unlisted = await createMediator(s.db.db, engine, mediatorInput({ name: 'Hidden Hu', status: 'draft' }));
    associationId = (await s.db.db.insertInto('associations').values({ slug: 'scma', name: 'SCMA', description: '', website: '', criteria: '', color_primary: '#0b5d6b', color_accent: '#e3f1f3', frame_origins: '', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
    await s.db.db
      .insertInto('association_members')
      .values([
        { association_id: associationId, mediator_id: listed, state: 'member', note: '-1 formula note', created_at: at, updated_at: at },
        { association_id: associationId, mediator_id: unlisted, state: 'applied', note: '', created_at: at, updated_at: at },
      ])
      .execute();
    const panel = await s.db.db.insertInto('association_panels').values({ association_id: associationId, slug: 'court', name: 'Court panel', description: '', position: 0 }).returning('id').executeTakeFirstOrThrow();
    await s.db.db.insertInto('association_member_panels').values({ association_id: associationId, mediator_id: listed, panel_id: panel.id }).execute();
  });
  afterAll(() => s.close());

  it('imports a formula as text, and exports the directory with it neutralised in CSV and as it was in JSON', async () => {
    const form = new FormData();
    form.append('_csrf', csrfToken((await admin.get('/admin/import')).html));
    form.append('file', new Blob([`name,email,address,city,region,postal_code,country,headline\nFormula Fay,fay@example.org,,Austin,TX,78701,US,"${FORMULA.replace(/"/g, '""')}"\n`], { type: 'text/csv' }), 'm.csv');
    expect((await admin.request('/admin/import', { method: 'POST', body: form })).status).toBe(200);
    // Listed as her consent would list it (the claim itself is tested in import/pages.test.ts).
    await s.db.db.updateTable('mediators').set({ status: 'published' }).where('name', '=', 'Formula Fay').execute();

    const rows = await csv('/admin/export/directory.csv');
    expect(rows.map((r) => r.name)).toEqual(['Listed Lee', 'Formula Fay']);
    expect(rows[0]).toMatchObject({ headline: "'@SUM(1+1)", practice_areas: 'family', languages: 'en' });
    expect(rows[1]!.headline).toBe(`'${FORMULA}`);
    expect(rows[1]!.offices).toBe('Austin, TX 78701, US');
    expect(rows[1]!.profile_url).toMatch(/^http:\/\/concord\.test\/mediators\/formula-fay$/);
    const data = await json('/admin/export/directory.json');
    expect(data.map((r) => r.headline)).toEqual(['@SUM(1+1)', FORMULA]);
  });

  it('exports the audit log, its own downloads included', async () => {
    const rows = await csv('/admin/export/audit-log.csv');
    const actions = rows.map((r) => r.action);
    expect(actions).toContain('mediators.imported');
    expect(actions.filter((a) => a === 'export.downloaded').length).toBeGreaterThanOrEqual(2);
    const data = await json('/admin/export/audit-log.json');
    expect(data.at(-1)).toMatchObject({ action: 'export.downloaded', actor_label: 'admin@example.org', subject_label: 'concord-audit-log-2026-11-25.json' });
  });

  it('exports an association’s members only, with their panels', async () => {
    const rows = await csv(`/admin/export/associations/${associationId}/roster.csv`);
    expect(rows).toEqual([{ mediator_id: expect.any(String), name: 'Listed Lee', listed: '1', profile_url: expect.stringMatching(/^http:\/\/concord\.test\/mediators\/listed-lee/), panels: 'Court panel', member_since: TEST_NOW.toISOString(), note: "'-1 formula note" }]);
    expect((await json(`/admin/export/associations/${associationId}/roster.json`)).map((r) => r.note)).toEqual(['-1 formula note']);
    expect((await admin.get(`/admin/export/associations/${associationId + 1000}/roster.csv`)).status).toBe(404);
    expect((await admin.get('/admin/export/associations/abc/roster.json')).status).toBe(404);
  });

  it('refuses members and editors', async () => {
    const member = await signedIn(s, 'member@example.org');
    const editor = await signedIn(s, 'editor@example.org', 'editor');
    for (const v of [member, editor]) {
      for (const path of ['/admin/export', '/admin/export/directory.csv', '/admin/export/audit-log.json', `/admin/export/associations/${associationId}/roster.csv`]) {
        expect((await v.get(path)).status, path).toBe(403);
      }
    }
  });
});
