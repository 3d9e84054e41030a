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
