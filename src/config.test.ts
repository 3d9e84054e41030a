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
