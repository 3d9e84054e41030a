import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import { transform } from 'esbuild';
import type { FastifyInstance } from 'fastify';

const clientDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client');

/** The URL a page uses to load a browser script from src/web/client/<name>.ts. */
export const clientScript = (name: 'map' | 'locate' | 'filters' | 'office-pin' | 'video' | 'compare' | 'place-input' | 'time-zone' | 'profile-form' | 'embed-frame' | 'embed-loader') => `/assets/js/${name}.js`;

/** Scripts other sites load (the embedded directory's loader): every other one is for our pages only. */
const CROSS_ORIGIN = new Set(['embed-loader']);

/**
 * Serves the browser scripts in src/web/client/*.ts at /assets/js/<name>.js. They are compiled
 * once at start-up (type-stripped, not bundled: each is one self-contained file), so a syntax
 * error stops the server from starting rather than breaking pages later.
 */
export const clientScripts = fp(
  async function clientScripts(app: FastifyInstance) {
    const minify = app.deps.config.production;
    const files = (await fs.readdir(clientDir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'));
    for (const file of files.sort()) {
      const source = await fs.readFile(path.join(clientDir, file), 'utf8');
      // iife: the files are modules for the type checker (type-only imports), but are loaded
      // as classic deferred scripts.
      const { code } = await transform(source, { loader: 'ts', format: 'iife', target: 'es2019', minify, sourcefile: file, legalComments: 'none' });
      const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`;
      const name = file.replace(/\.ts$/, '');
      app.get(`/assets/js/${name}.js`, (request, reply) => {
        reply.header('cache-control', 'public, max-age=3600').header('etag', etag).type('text/javascript; charset=utf-8');
        if (CROSS_ORIGIN.has(name)) reply.header('cross-origin-resource-policy', 'cross-origin');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        return reply.send(code);
      });
    }
  },
  { name: 'concord-client-scripts' },
);
