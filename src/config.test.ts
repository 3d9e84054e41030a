import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('SECRET', () => {
  it('has a development default, and is required (32+ characters) in production', () => {
    expect(loadConfig({}).secret.length).toBeGreaterThanOrEqual(32);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET: 'short' })).toThrow(/SECRET/);
    expect(() => loadConfig({ SECRET: 'short' })).toThrow(/SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', SECRET: 'x'.repeat(40) }).secret).toBe('x'.repeat(40));
  });
});

describe('SEED_MEDIATORS', () => {
  it('fills a first start with 600 demo mediators in development and none in production, unless set', () => {
    const production = { NODE_ENV: 'production', SECRET: 'x'.repeat(40) };
    expect(loadConfig({}).seedMediators).toBe(600);
    expect(loadConfig(production).seedMediators).toBe(0);
    expect(loadConfig({ ...production, SEED_MEDIATORS: '50' }).seedMediators).toBe(50);
    expect(loadConfig({ SEED_MEDIATORS: '0' }).seedMediators).toBe(0);
  });
});

describe('starting with a wrong setting', () => {
  it('stops with the setting and the reason on one line, not a stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATA_DIR: '.tmp/never-started', DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY_FILE: '.tmp/no-such-key.pem' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('[concord] Invalid environment: DKIM_PRIVATE_KEY_FILE: cannot read .tmp/no-such-key.pem (ENOENT).');
    expect(fs.existsSync('.tmp/never-started')).toBe(false);
  }, 60_000);
});

describe('TRUST_PROXY', () => {
  it('is off unless set, and takes the proxies’ addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SECRET: 'x'.repeat(40) }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses "true", a hop count and anything that is not an address, with the reason', () => {
    // Both would believe a client that connects directly and writes its own X-Forwarded-For.
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: "true" would believe the X-Forwarded-For of clients that connect directly/);
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY: "1" would believe/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: "10.0.0.0\/33" is not an address or a CIDR range/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/"proxy.internal" is not an address/);
    expect(() => loadConfig({ TRUST_PROXY: ',' })).toThrow(/TRUST_PROXY/);
  });
});
