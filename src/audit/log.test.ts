import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import { recordAudit } from './log.ts';

const NOW = new Date('2026-12-06T13:00:00.000Z');

describe.each(DIALECTS)('the audit log on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.close());

  it('keeps who did what, to what, before and after, and why', async () => {
    await recordAudit(
      t.db,
      {
        actor: { id: 7, email: 'admin@example.org', role: 'admin' },
        action: 'user.role_changed',
        subject: { kind: 'user', id: 12, label: 'writer@example.org' },
        before: { role: 'member' },
        after: { role: 'editor' },
        reason: 'Joins the editors',
      },
      NOW,
    );
    const row = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.role_changed').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ at: NOW.toISOString(), actor_user_id: 7, actor_label: 'admin@example.org', actor_role: 'admin', subject_kind: 'user', subject_id: '12', subject_label: 'writer@example.org', reason: 'Joins the editors' });
    expect(JSON.parse(row.before_json!)).toEqual({ role: 'member' });
    expect(JSON.parse(row.after_json!)).toEqual({ role: 'editor' });
  });

  it('refuses to change or delete an entry, even from SQL', async () => {
    await recordAudit(t.db, { actor: null, action: 'featured.expired', subject: { kind: 'mediator', id: 3, label: 'Ana Ruiz' } }, NOW);
    const before = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    await expect(t.db.updateTable('audit_log').set({ reason: 'rewritten' }).execute()).rejects.toThrow(/audit log cannot be changed/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/audit log cannot be changed/);
    if (engine === 'postgres') await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/audit log cannot be changed/);
    expect(await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
    expect(before.at(-1)).toMatchObject({ actor_user_id: null, actor_label: 'Concord (automatic)', actor_role: 'site' });
  });
});
