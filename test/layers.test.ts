import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TMP_DIR } from './support/db.ts';

/** Runs `npm run check:layers` as a person would, on src/ or on a small tree made for the test. */
function checkLayers(src?: string): { status: number; out: string } {
  const r = spawnSync('npx', ['tsx', 'tools/layers.ts', ...(src ? ['--src', src] : [])], { encoding: 'utf8' });
  return { status: r.status ?? 1, out: r.stdout + r.stderr };
}

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(TMP_DIR, 'layers-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('the layer rule (docs/ARCHITECTURE.md)', () => {
  it('holds for every import in src/', () => {
    const { status, out } = checkLayers();
    expect(out).toContain('no import breaks the layer rule');
    expect(out).toContain('0 pairs import each other');
    expect(status).toBe(0);
  });

  it('names the import when web/ reaches into a feature, or the directory into the publication', () => {
    const root = tree({
      'lib/slug.ts': 'export const slug = 1;\n',
      'web/layout.tsx': "import { latest } from '../articles/queries.ts';\nimport { slug } from '../lib/slug.ts';\n",
      'directory/routes.tsx': "import { latest } from '../articles/queries.ts';\n",
      'articles/queries.ts': "import { slug } from '../lib/slug.ts';\nexport const latest = slug;\n",
      'articles/profile.ts': "import { x } from '../directory/profiles.ts';\n",
      'directory/profiles.ts': 'export const x = 1;\n',
    });
    const { status, out } = checkLayers(root);
    expect(status).toBe(1);
    expect(out).toMatch(/web\/layout\.tsx → .*articles\/queries\.ts/);
    expect(out).toMatch(/directory\/routes\.tsx → .*articles\/queries\.ts/);
    // The publication may name mediators: that import is allowed and not listed.
    expect(out).not.toMatch(/articles\/profile\.ts →/);
    expect(out).toContain('1 pairs import each other: articles ↔ directory');
  });
});
