import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// One unclosed block swallows every rule after it (a merge once left "@media print {" open, and
// all article cards lost their style), so the stylesheet's structure is checked here.
describe('the stylesheet', () => {
  const css = fs.readFileSync(new URL('./assets/style.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

  it('closes every block it opens, in order', () => {
    let depth = 0;
    for (const ch of css) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it('keeps the rules of the article cards at the top level', () => {
    let depth = 0;
    const at = css.indexOf('.article-card {');
    for (const ch of css.slice(0, at)) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    expect(at).toBeGreaterThan(0);
    expect(depth).toBe(0);
  });
});
