import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { Visitor } from '../../test/support/visitor.ts';

// Production mode, as the deployment guide runs it; the limits counted per client address are
// what X-Forwarded-For would let a client dodge.
const PRODUCTION = { NODE_ENV: 'production', SECRET: 'a-test-secret-of-more-than-thirty-two-characters' };
const ADDRESS_LIMIT = 20;

/** A failed log-in for a fresh unknown address each time, so only the per-client limit can refuse it. */
async function failLogIn(s: TestServer, n: number, forwardedFor: string): Promise<number> {
  const v = new Visitor(s);
  const page = await v.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!;
  const r = await v.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
    body: new URLSearchParams({ _csrf: csrf, email: `guess${n}@example.org`, password: 'a wrong password' }).toString(),
  });
  return r.status;
}

describe.each(DIALECTS)('client addresses on %s', (engine) => {
  describe('without TRUST_PROXY', () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(engine, { env: PRODUCTION });
    });
    afterAll(() => s.close());

    it('counts the socket address, so a rotating X-Forwarded-For does not escape the log-in limit', async () => {
      expect(s.app.deps.config.production).toBe(true);
      for (let i = 0; i < ADDRESS_LIMIT; i++) expect(await failLogIn(s, i, `198.51.100.${i + 1}`)).toBe(400);
      expect(await failLogIn(s, 100, '198.51.100.200')).toBe(429);
      expect(await failLogIn(s, 101, '203.0.113.9, 198.51.100.201')).toBe(429);
    });
  });

  describe('with TRUST_PROXY naming the loopback proxy', () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(engine, { env: { ...PRODUCTION, TRUST_PROXY: '127.0.0.1' } });
    });
    afterAll(() => s.close());

    it("believes the proxy's X-Forwarded-For: each client is limited on its own", async () => {
      for (let i = 0; i < ADDRESS_LIMIT; i++) expect(await failLogIn(s, i, '203.0.113.7')).toBe(400);
      expect(await failLogIn(s, 100, '203.0.113.7')).toBe(429);
      // Another client behind the same proxy is not held back by the first one's failures.
      expect(await failLogIn(s, 101, '203.0.113.8')).toBe(400);
    });
  });
});
