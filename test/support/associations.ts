import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../src/db/database.ts';
import { createMediator } from './factories.ts';
import { signedIn } from './members.ts';
import { TEST_NOW, type TestServer } from './server.ts';
import type { Visitor } from './visitor.ts';
import type { MembershipState } from '../../src/db/schema.ts';

/**
 * Associations made in the database, with their panels and admins, for tests of what is built on
 * them (memberships, the directory). The admins' page that makes them is tested on its own.
 */
export async function createAssociation(
  db: Db,
  a: { slug: string; name: string; panels?: string[]; adminUserIds?: number[] },
): Promise<{ id: number; slug: string; name: string; panels: { id: number; slug: string; name: string }[] }> {
  const at = TEST_NOW.toISOString();
  const { id } = await db.insertInto('associations').values({ slug: a.slug, name: a.name, description: '', website: '', criteria: '', logo_url: null, color_primary: '#0b5d6b', color_accent: '#e3f1f3', frame_origins: '', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  const panels = [];
  for (const [position, name] of (a.panels ?? []).entries()) {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const row = await db.insertInto('association_panels').values({ association_id: id, slug, name, description: '', position }).returning('id').executeTakeFirstOrThrow();
    panels.push({ id: row.id, slug, name });
  }
  for (const userId of a.adminUserIds ?? []) await db.insertInto('association_admins').values({ association_id: id, user_id: userId, created_at: at }).execute();
  return { id, slug: a.slug, name: a.name, panels };
}

/** A membership in a given state, as if its steps had been taken. */
export async function addMembership(db: Db, associationId: number, mediatorId: number, state: 'invited' | 'applied' | 'member'): Promise<void> {
  const at = TEST_NOW.toISOString();
  await db.insertInto('association_members').values({ association_id: associationId, mediator_id: mediatorId, state, note: '', created_at: at, updated_at: at }).execute();
}

/** A signed-in member who owns a (published) mediator profile. */
export async function mediatorMember(s: TestServer, email: string, name: string): Promise<Visitor & { userId: number; mediatorId: number }> {
  const v = await signedIn(s, email);
  const mediatorId = await createMediator(s.db.db, s.engine, { name });
  await s.db.db.updateTable('mediators').set({ user_id: v.userId }).where('id', '=', mediatorId).execute();
  return Object.assign(v, { mediatorId });
}

/** An association made in the database, with its panels (slugs from the names given), for tests. */
export async function insertAssociation(db: Db, over: { slug: string; name?: string; panels?: string[]; primary?: string }): Promise<{ id: number; panels: Record<string, number> }> {
  const at = TEST_NOW.toISOString();
  const row = await db
    .insertInto('associations')
    .values({ slug: over.slug, name: over.name ?? over.slug, description: '', website: '', criteria: '', color_primary: over.primary ?? '#0b5d6b', color_accent: '#e3f1f3', frame_origins: '', created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const panels: Record<string, number> = {};
  for (const [i, slug] of (over.panels ?? []).entries()) {
    const p = await db.insertInto('association_panels').values({ association_id: row.id, slug, name: slug, description: '', position: i }).returning('id').executeTakeFirstOrThrow();
    panels[slug] = p.id;
  }
  return { id: row.id, panels };
}

/** A mediator's membership in an association, in `state` (default 'member'), on these panels. */
export async function insertMembership(db: Db, associationId: number, mediatorId: number, panelIds: number[] = [], state: MembershipState = 'member'): Promise<void> {
  const at = TEST_NOW.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('association_members').values({ association_id: associationId, mediator_id: mediatorId, state, note: '', created_at: at, updated_at: at }).execute();
    for (const panel_id of panelIds) await trx.insertInto('association_member_panels').values({ association_id: associationId, mediator_id: mediatorId, panel_id }).execute();
  });
}

/**
 * An association's own site, on another local origin: a heading, the pasted snippet (the loader's,
 * unless the code copied from the association's admin page is given), a line after.
 */
export async function associationSite(concord: string, slug: string, snippet?: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const pasted = snippet ?? `<div data-concord-directory="${slug}"></div><script src="${concord}/embed.js" defer></script>`;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>The association’s own site</title></head>` +
        `<body style="margin:0"><h1>Find one of our mediators</h1>${pasted}<p id="after">After the directory</p></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // localhost, not 127.0.0.1: another origin (and host) than Concord's test server.
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
