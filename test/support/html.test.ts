import { describe, expect, it } from 'vitest';
import { executableInjections } from './html.ts';

describe('executableInjections', () => {
  it('reports scripts, event handlers and javascript: URLs that a browser would run', () => {
    expect(executableInjections('<p>hi<script>alert(1)</script></p>')).toHaveLength(1);
    expect(executableInjections('<img src=x onerror=alert(2)>')).toHaveLength(1);
    expect(executableInjections('<a href="javascript:alert(3)">x</a>')).toHaveLength(1);
    expect(() => executableInjections('<script type="application/ld+json">{"a":"</script><script>x</script>"}</script>')).toThrow();
  });

  it('passes escaped text, quoted attributes, our own scripts and JSON-LD', () => {
    const html = '<input value="&#34;><script>alert(1)</script>"><p>&lt;script&gt;</p><script src="/assets/js/map.js"></script><script type="application/ld+json">{"a":"\\u003c/script>"}</script>';
    expect(executableInjections(html)).toEqual([]);
  });
});
