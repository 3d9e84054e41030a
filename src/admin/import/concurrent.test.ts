import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { csrfToken, pageText, type Page, type Visitor } from '../../../test/support/visitor.ts';

/**
 * The same file imported twice at once through the admin page, on PostgreSQL (where two
 * requests really write at once): every mediator is imported once, and the import that came
 * second reports them as there already.
 */

const HEADER = 'name,email,address,city,region,postal_code,country,headline,bio';
const ROWS = 40;
const FILE = [HEADER, ...Array.from({ length: ROWS }, (_, i) => `Twice Person ${i},twice${i}@example.org,,Austin,TX,787${String(i % 50).padStart(2, '0')},US,,`)].join('\n');

async function upload(v: Visitor, csrf: string): Promise<Page> {
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('file', new Blob([FILE], { type: 'text/csv' }), 'twice.csv');
  return v.request('/admin/import', { method: 'POST', body: form });
}

describe('two imports of one file at once, on postgres', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer('postgres');
  });
  afterAll(() => s.close());

  it('imports each mediator once, and the second import lists them as there already', async () => {
    const admins = [await signedIn(s, 'one@example.org', 'admin'), await signedIn(s, 'two@example.org', 'admin')];
    const tokens = await Promise.all(admins.map(async (a) => csrfToken((await a.get('/admin/import')).html)));
    const answers = await Promise.all(admins.map((a, i) => upload(a, tokens[i]!)));
    const texts = answers.map((a) => pageText(a.html));
    for (const a of answers) expect(a.status, pageText(a.html)).toBe(200);
    const rows = await s.db.db.selectFrom('mediator_claims').select('email').execute();
    expect(rows).toHaveLength(ROWS);
    expect(new Set(rows.map((r) => r.email)).size).toBe(ROWS);
    expect(await s.db.db.selectFrom('mediators').select('id').where('name', 'like', 'Twice Person %').execute()).toHaveLength(ROWS);
    const [first, second] = texts[0]!.includes(`Imported ${ROWS} mediators`) ? texts : [texts[1]!, texts[0]!];
    expect(first).toContain(`Imported ${ROWS} mediators of ${ROWS} rows`);
    expect(second).toContain(`Nothing new to import in ${ROWS} rows`);
    expect(second).toContain('twice0@example.org was imported before and its profile is waiting to be claimed');
    // One claim mail per mediator, not two.
    expect((await s.mails()).filter((m) => m.to.startsWith('twice'))).toHaveLength(ROWS);
  });
});
