import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/support/server.ts';
import { csrfToken, pageText, Visitor, type Page } from '../../test/support/visitor.ts';
import { hashPassword } from './secrets.ts';
import { insertUser } from './users.ts';

const PASSWORD = 'the owner knows this one';

/**
 * A browser at its own internet address. The test server believes X-Forwarded-For from the
 * loopback proxy (TRUST_PROXY), as a site behind a proxy does, so each visitor is a distinct client.
 */
class ClientAt extends Visitor {
  constructor(
    server: TestServer,
    readonly address: string,
  ) {
    super(server);
  }
  override request(path: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.address);
    return super.request(path, { ...init, headers });
  }
  async logIn(email: string, password: string): Promise<Page> {
    const page = await this.get('/login');
    return this.post('/login', { _csrf: csrfToken(page.html), email, password });
  }
}

describe.each(DIALECTS)('log-in limits as a weapon, on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine, { env: { TRUST_PROXY: '127.0.0.1' } });
    await insertUser(s.db.db, { email: 'owner@example.org', passwordHash: await hashPassword(PASSWORD), verifiedAt: TEST_NOW.toISOString() }, TEST_NOW);
  });
  afterAll(() => s.close());

  it("does not stop the owner however many wrong passwords come from elsewhere, and still stops the guesser's addresses", async () => {
    // One guesser: 10 tries, then that address is refused on this account, even with the right password.
    const first = new ClientAt(s, '203.0.113.1');
    for (let i = 0; i < 10; i++) expect((await first.logIn('owner@example.org', `guess ${i}`)).status).toBe(400);
    const refused = await first.logIn('owner@example.org', PASSWORD);
    expect(refused.status).toBe(429);
    expect(pageText(refused.html)).toContain('Too many attempts. Please try again in 15 minutes.');

    // The account is now guessed at from several places: each new address gets 3 tries.
    for (const n of [2, 3, 4, 5, 6]) {
      const guesser = new ClientAt(s, `203.0.113.${n}`);
      for (let i = 0; i < 3; i++) expect((await guesser.logIn('owner@example.org', `guess ${n}.${i}`)).status, `203.0.113.${n}`).toBe(400);
      expect((await guesser.logIn('owner@example.org', `guess ${n}.3`)).status, `203.0.113.${n}`).toBe(429);
    }

    // The owner, from their own address, gets in, even after a typo.
    const owner = new ClientAt(s, '198.51.100.7');
    expect((await owner.logIn('owner@example.org', 'a typo in it')).status).toBe(400);
    const entered = await owner.logIn('owner@example.org', PASSWORD);
    expect(entered.status).toBe(303);
    expect(entered.location).toBe('/dashboard');
    expect((await owner.get('/account')).html).toContain('owner@example.org');

    // The owner's log-in did not lift the guessers' limits.
    expect((await first.logIn('owner@example.org', PASSWORD)).status).toBe(429);
    expect((await new ClientAt(s, '203.0.113.2').logIn('owner@example.org', 'guess again')).status).toBe(429);
  });

  it('says on the log-in page how the limits work', async () => {
    const page = await new ClientAt(s, '192.0.2.1').get('/login');
    expect(pageText(page.html)).toContain(
      'each place you log in from (each internet address) gets 10 tries at an account every 15 minutes, or 3 while someone is guessing at it from many places. Wrong guesses made elsewhere never lock you out.',
    );
  });
});
