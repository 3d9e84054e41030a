import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/db.ts';
import { TEST_NOW } from '../../test/support/server.ts';
import { runUserCommand, UsageError } from './cli.ts';
import { verifyPassword } from './secrets.ts';
import { createSession, findSession } from './sessions.ts';
import { findUserByEmail } from './users.ts';

describe.each(DIALECTS)('npm run user on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.drop());
  const run = (argv: string[], password = '') => runUserCommand(t.db, argv, async () => password, TEST_NOW);

  it('creates a confirmed admin with a password from standard input', async () => {
    const out = await run(['create', '--email', 'Admin@Example.org', '--role', 'admin', '--password-stdin'], 'a long admin password');
    expect(out).toBe('Created admin admin@example.org.');
    const user = await findUserByEmail(t.db, 'admin@example.org');
    expect(user?.role).toBe('admin');
    expect(user?.email_verified_at).toBe(TEST_NOW.toISOString());
    expect(await verifyPassword(user!.password_hash, 'a long admin password')).toBe(true);
    await expect(run(['create', '--email', 'admin@example.org', '--password-stdin'], 'a long admin password')).rejects.toThrow(/already exists/);
  });

  it('makes and prints a password when none is given', async () => {
    expect(await run(['create', '--email', 'member@example.org'])).toMatch(/^Created member member@example\.org with the password: [\w-]{20}\.$/);
  });

  it('changes a role and ends the account\'s sessions', async () => {
    const user = await findUserByEmail(t.db, 'member@example.org');
    const token = await createSession(t.db, user!.id, 'test', TEST_NOW);
    expect(await run(['set-role', '--email', 'member@example.org', '--role', 'editor'])).toBe('member@example.org is now editor.');
    expect((await findUserByEmail(t.db, 'member@example.org'))?.role).toBe('editor');
    expect(await findSession(t.db, token, TEST_NOW)).toBeNull();
  });

  it('explains wrong arguments', async () => {
    await expect(run(['create', '--email', 'x@example.org', '--role', 'owner'])).rejects.toThrow(UsageError);
    await expect(run(['create', '--email', 'short@example.org', '--password-stdin'], 'short')).rejects.toThrow(/at least 10 characters/);
    await expect(run(['delete', '--email', 'x@example.org'])).rejects.toThrow(/Unknown command/);
    await expect(run(['set-role', '--email', 'nobody@example.org', '--role', 'admin'])).rejects.toThrow(/No account/);
  });
});
