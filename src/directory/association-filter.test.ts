import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAssociation, insertMembership } from '../../test/support/associations.ts';
import { DIALECTS } from '../../test/support/db.ts';
import { createMediator, office } from '../../test/support/factories.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { pageText } from '../../test/support/visitor.ts';
import type { Engine } from '../config.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../db/database.ts';
import { searchMediators } from './search.ts';

const AUSTIN = { label: 'Austin, TX', lat: 30.2672, lon: -97.7431, country: 'US', region: 'TX' };

/** Names found near Austin by one instance (its own handle, so its own index), limited to an association and panel. */
async function members(db: Db, engine: Engine, association: string, panel?: string): Promise<string[]> {
  const outcome = await searchMediators(
    { db, engine },
    { location: AUSTIN, radius: 25, practice: [], language: [], format: [], freeConsultation: false, accepting: false, sort: 'distance', page: 1, association, ...(panel ? { panel } : {}) },
    TEST_NOW,
  );
  if (outcome.status !== 'ok') throw new Error(`expected results, got ${JSON.stringify(outcome)}`);
  return outcome.result.results.map((h) => h.name).sort();
}

/**
 * Search by association and panel (`association=`, `panel=`) on the page and the API, each API
 * result naming its associations, a profile naming them, and the in-memory index of a second
 * instance following memberships granted, changed and ended on the first.
 */
describe.each(DIALECTS)('search by association and panel on %s', (engine) => {
  let s: TestServer;
  let other: DatabaseHandle;
  const db = () => s.db.db;
  const ids: Record<string, number> = {};
  let scma: Awaited<ReturnType<typeof insertAssociation>>;
  const json = async (path: string) => {
    const res = await s.get(path);
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    other = openDatabase(engine, s.db.url);
    for (const name of ['Ann Member', 'Bob Panelist', 'Cat Applicant', 'Dee Outsider']) {
      ids[name] = await createMediator(db(), engine, { name, offices: [office(30.27, -97.74, { city: 'Austin' })] });
    }
    scma = await insertAssociation(db(), { slug: 'scma', name: 'Southern California Mediation Association', panels: ['court-panel', 'reduced-fee'] });
    await insertAssociation(db(), { slug: 'empty-assoc', panels: ['nobody'] });
    await insertMembership(db(), scma.id, ids['Ann Member']!);
    await insertMembership(db(), scma.id, ids['Bob Panelist']!, [scma.panels['court-panel']!]);
    await insertMembership(db(), scma.id, ids['Cat Applicant']!, [], 'applied');
  });
  afterAll(async () => {
    await other?.close();
    await s?.close();
  });

  it('lists only the association’s members, or a panel’s, on the results page', async () => {
    const all = pageText(await (await s.get('/mediators?near=78701&association=scma')).text());
    expect(all).toContain('Ann Member');
    expect(all).toContain('Bob Panelist');
    expect(all).not.toContain('Cat Applicant');
    expect(all).not.toContain('Dee Outsider');
    expect(all).toContain('Members of Southern California Mediation Association');

    const res = await s.get('/mediators?near=78701&association=scma&panel=court-panel');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(pageText(html)).toContain('Bob Panelist');
    expect(pageText(html)).not.toContain('Ann Member');
    // The filter form keeps both, so changing another filter stays within the panel.
    expect(html).toContain('<input type="hidden" name="association" value="scma"/>');
    expect(html).toContain('<input type="hidden" name="panel" value="court-panel"/>');
    expect(pageText(await (await s.get('/mediators?near=78701&association=empty-assoc')).text())).toContain('0 mediators');
  });

  it.each([
    ['an unknown association', '?near=78701&association=no-such-assoc', 'There is no association “no-such-assoc”.'],
    ['a panel of another association', '?near=78701&association=scma&panel=nobody', 'The association has no panel “nobody”.'],
    ['a panel without its association', '?near=78701&panel=court-panel', 'Choose the association as well as its panel'],
    ['script as an association', `?near=78701&association=${encodeURIComponent('<script>alert(1)</script>')}`, 'There is no association'],
    ['a long association', `?near=78701&association=${'a'.repeat(500)}`, 'Unknown association.'],
  ])('answers %s with a 400 and a message, on the page and the API', async (_what, query, message) => {
    const page = await s.get(`/mediators${query}`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(pageText(html)).toContain(message);
    expect(html).not.toContain('<script>alert(1)');
    const api = await json(`/api/v1/mediators${query}`);
    expect(api.status).toBe(400);
    expect(JSON.stringify(api.body.error)).toContain(message.replace(/“|”/g, (q) => q));
  });

  it('names each API result’s associations and panels, filters the API, and documents it in OpenAPI', async () => {
    const doc = (await json('/api/v1/openapi.json')).body;
    const params = doc.paths['/mediators'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['association', 'panel']));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'openapi', components: doc.components });
    const valid = ajv.compile({ $ref: 'openapi#/components/schemas/SearchResult' });

    const r = await json('/api/v1/mediators?near=78701&association=scma');
    expect(r.status).toBe(200);
    expect(valid(r.body), ajv.errorsText(valid.errors)).toBe(true);
    const byName = Object.fromEntries(r.body.results.map((h: any) => [h.name, h.associations]));
    expect(Object.keys(byName).sort()).toEqual(['Ann Member', 'Bob Panelist']);
    expect(byName['Bob Panelist']).toEqual([{ slug: 'scma', name: 'Southern California Mediation Association', panels: [{ slug: 'court-panel', name: 'court-panel' }] }]);
    expect(byName['Ann Member']).toEqual([{ slug: 'scma', name: 'Southern California Mediation Association', panels: [] }]);
    // Without the filter, everyone, and a non-member names none.
    const everyone = await json('/api/v1/mediators?near=78701');
    expect(everyone.body.results.find((h: any) => h.name === 'Dee Outsider').associations).toEqual([]);
    expect(everyone.body.results.find((h: any) => h.name === 'Cat Applicant').associations).toEqual([]);
    const panel = await json('/api/v1/mediators?near=78701&association=scma&panel=court-panel');
    expect(panel.body.results.map((h: any) => h.name)).toEqual(['Bob Panelist']);
  });

  it('shows the associations and panels on the profile and in its API, linked', async () => {
    const slug = (await db().selectFrom('mediators').select('slug').where('id', '=', ids['Bob Panelist']!).executeTakeFirstOrThrow()).slug;
    const html = await (await s.get(`/mediators/${slug}`)).text();
    const section = /<section aria-labelledby="associations-title">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(section).toContain('<a href="/associations/scma">Southern California Mediation Association</a>');
    expect(pageText(section)).toContain('court-panel');
    const person = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!)).find((d) => d['@type'] === 'ProfilePage').mainEntity;
    expect(person.memberOf).toEqual([{ '@type': 'Organization', name: 'Southern California Mediation Association', url: 'http://concord.test/associations/scma' }]);
    const cat = (await db().selectFrom('mediators').select('slug').where('id', '=', ids['Cat Applicant']!).executeTakeFirstOrThrow()).slug;
    expect(await (await s.get(`/mediators/${cat}`)).text()).not.toContain('associations-title');
    const api = await json(`/api/v1/mediators/${slug}`);
    expect(api.body.associations).toEqual([{ slug: 'scma', name: 'Southern California Mediation Association', panels: [{ slug: 'court-panel', name: 'court-panel' }] }]);
  });

  it('follows memberships written by another instance on the same database', async () => {
    // Both instances have loaded their index before the changes.
    expect(await members(other.db, engine, 'scma')).toEqual(['Ann Member', 'Bob Panelist']);
    expect(await members(db(), engine, 'scma', 'reduced-fee')).toEqual([]);

    // Granted on one instance (Cat's application approved, put on a panel) …
    await db().transaction().execute(async (trx) => {
      await trx.updateTable('association_members').set({ state: 'member' }).where('association_id', '=', scma.id).where('mediator_id', '=', ids['Cat Applicant']!).execute();
      await trx.insertInto('association_member_panels').values({ association_id: scma.id, mediator_id: ids['Cat Applicant']!, panel_id: scma.panels['reduced-fee']! }).execute();
    });
    // … filtered on the other.
    expect(await members(other.db, engine, 'scma')).toEqual(['Ann Member', 'Bob Panelist', 'Cat Applicant']);
    expect(await members(other.db, engine, 'scma', 'reduced-fee')).toEqual(['Cat Applicant']);

    // Ended on the other instance (Ann removed), and a panel deleted (its rows cascade): seen on the first.
    await other.db.updateTable('association_members').set({ state: 'removed' }).where('association_id', '=', scma.id).where('mediator_id', '=', ids['Ann Member']!).execute();
    await other.db.deleteFrom('association_panels').where('id', '=', scma.panels['reduced-fee']!).execute();
    expect(await members(db(), engine, 'scma')).toEqual(['Bob Panelist', 'Cat Applicant']);
    const gone = await searchMediators(
      { db: db(), engine },
      { location: AUSTIN, radius: 25, practice: [], language: [], format: [], freeConsultation: false, accepting: false, sort: 'distance', page: 1, association: 'scma', panel: 'reduced-fee' },
      TEST_NOW,
    );
    expect(gone.status).toBe('invalid');
    // The panel's members are off it everywhere the index is asked: none left on any panel but Bob.
    expect(await members(db(), engine, 'scma', 'court-panel')).toEqual(['Bob Panelist']);
    const catPanels = await db().selectFrom('association_member_panels').select('panel_id').where('mediator_id', '=', ids['Cat Applicant']!).execute();
    expect(catPanels).toEqual([]);
  });
});
