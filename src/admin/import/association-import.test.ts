import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssociation } from '../../../test/support/associations.ts';
import { DIALECTS } from '../../../test/support/db.ts';
import { signedIn } from '../../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { csrfToken, pageText, type Page, type Visitor } from '../../../test/support/visitor.ts';

/**
 * An association's admins importing its own roster at /associations/:slug/admin/import, on both
 * engines: the same checks as /admin/import, every imported mediator a member of that
 * association (unlisted until they claim), and nobody else's association reachable.
 */

const HEADER = 'name,email,address,city,region,postal_code,country,headline,bio';
const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');

async function upload(v: Visitor, slug: string, content: string, extra: Record<string, string> = {}): Promise<Page> {
  const page = `/associations/${slug}/admin/import`;
  const opened = await v.get(page);
  const form = new FormData();
  // Another association's form may be closed to this visitor: its token is any page's.
  form.append('_csrf', csrfToken(opened.status === 200 ? opened.html : (await v.get('/dashboard')).html));
  for (const [k, x] of Object.entries(extra)) form.append(k, x);
  form.append('file', new Blob([content], { type: 'text/csv' }), 'roster.csv');
  return v.request(page, { method: 'POST', body: form });
}

describe.each(DIALECTS)('an association importing its roster, on %s', (engine) => {
  let s: TestServer;
  let runner: Visitor & { userId: number };
  let scma: Awaited<ReturnType<typeof createAssociation>>;
  let nadn: Awaited<ReturnType<typeof createAssociation>>;
  const members = async (associationId: number) =>
    s.db.db
      .selectFrom('association_members as am')
      .innerJoin('mediators as m', 'm.id', 'am.mediator_id')
      .select(['m.name', 'm.status', 'am.state', 'am.note'])
      .where('am.association_id', '=', associationId)
      .orderBy('m.name')
      .execute();

  beforeAll(async () => {
    s = await startTestServer(engine);
    runner = await signedIn(s, 'runs-scma@example.org');
    const other = await signedIn(s, 'runs-nadn@example.org');
    scma = await createAssociation(s.db.db, { slug: 'scma', name: 'Southern California Mediation Association', adminUserIds: [runner.userId] });
    nadn = await createAssociation(s.db.db, { slug: 'nadn', name: 'National Divorce Network', adminUserIds: [other.userId] });
  });
  afterAll(() => s?.close());

  it('reports a bad row by its line and imports nothing', async () => {
    const page = await runner.get('/associations/scma/admin/import');
    expect(page.status).toBe(200);
    expect(pageText(page.html)).toContain('Southern California Mediation Association: import members');
    expect(page.html).not.toContain('name="association"');
    expect((await runner.get('/associations/scma/admin')).html).toContain('href="/associations/scma/admin/import"');

    const r = await upload(runner, 'scma', [HEADER, line(['Nia Good', 'nia@example.org', '', 'Austin', 'TX', '78701', 'US', '', '']), line(['Bad Row', 'nia@', '', 'Austin', 'TX', '78701', 'US', '', ''])].join('\n'));
    expect(r.status).toBe(400);
    expect(pageText(r.html)).toContain('Line Why 3 email: Enter an email address like name@example.org.');
    expect(await members(scma.id)).toEqual([]);
    const none = await upload(runner, 'scma', '');
    expect(none.status).toBe(400);
    expect(pageText(none.html)).toContain('Choose a CSV file to import.');
  });

  it('makes every imported mediator a member of this association only, unlisted until they claim, whatever the form says', async () => {
    const csv = [HEADER, line(['Ada Imported', 'ada@example.org', '1 Main St', 'Austin', 'TX', '78701', 'US', '', '']), line(['Ben Imported', 'ben@example.org', '2 Main St', 'Austin', 'TX', '78701', 'US', '', ''])].join('\n');
    const r = await upload(runner, 'scma', csv, { association: 'nadn' });
    expect(r.status, pageText(r.html).slice(0, 400)).toBe(200);
    expect(pageText(r.html)).toContain('Imported 2 mediators of 2 rows');
    expect(await members(scma.id)).toEqual([
      { name: 'Ada Imported', status: 'draft', state: 'member', note: 'Imported from upload.csv' },
      { name: 'Ben Imported', status: 'draft', state: 'member', note: 'Imported from upload.csv' },
    ]);
    expect(await members(nadn.id)).toEqual([]);
    // Unlisted: the public roster names neither until they claim and consent.
    expect(pageText(await (await s.get('/associations/scma')).text())).toContain('0 listed members');
    const [entry] = await s.db.db.selectFrom('audit_log').select(['association_id', 'actor_user_id']).where('action', '=', 'mediators.imported').execute();
    expect(entry).toEqual({ association_id: scma.id, actor_user_id: runner.userId });
  });

  it('refuses another association’s admin and a member, through either address', async () => {
    const csv = [HEADER, line(['Cy Sneaky', 'cy@example.org', '', 'Austin', 'TX', '78701', 'US', '', ''])].join('\n');
    expect((await runner.get('/associations/nadn/admin/import')).status).toBe(404);
    expect((await upload(runner, 'nadn', csv)).status).toBe(404);
    const member = await signedIn(s, 'member@example.org');
    expect((await member.get('/associations/scma/admin/import')).status).toBe(404);
    expect((await upload(member, 'scma', csv)).status).toBe(404);
    expect((await upload(runner, '..%2Fscma', csv)).status).toBe(404);
    expect(await s.db.db.selectFrom('mediators').select('id').where('name', '=', 'Cy Sneaky').execute()).toEqual([]);
  });
});
