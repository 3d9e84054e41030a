import { describe, expect, it } from 'vitest';
import { commonAbove, markdownWords, termCounts, tokenise, weighTerms, TERMS_KEPT } from './terms.ts';

describe('terms for related reading', () => {
  it('keeps topic words, folds plurals and drops common words', () => {
    expect(tokenise('The parties discussed their Disputes about Café noise, in 2024.')).toEqual(['party', 'discussed', 'dispute', 'cafe', 'noise']);
    expect(tokenise('A mediator and the mediators held sessions')).toEqual(['held']);
  });

  it('counts words of the Markdown, not of link addresses or HTML', () => {
    const md = 'See [the guide](https://example.org/secret-word) and <span class="hidden">tags</span> &amp; https://example.com/other';
    expect(markdownWords(md)).not.toMatch(/secret|example|class|hidden|amp/);
    expect([...termCounts('Guide', md).keys()].sort()).toEqual(['guide', 'tag']);
    expect(termCounts('Parenting plans', 'parenting').get('parenting')).toBe(3);
  });

  it('weighs rare words above common ones, at unit length, sorted by term', () => {
    const counts = new Map([['custody', 3], ['holiday', 1], ['everywhere', 5]]);
    const df = new Map([['custody', 2], ['holiday', 10], ['everywhere', 100]]);
    const weighted = weighTerms(counts, (t) => df.get(t)!, 100);
    // "everywhere" is in every article: left out.
    expect(weighted.map((w) => w.term)).toEqual(['custody', 'holiday']);
    expect(weighted.reduce((s, w) => s + w.weight ** 2, 0)).toBeCloseTo(1, 12);
    expect(weighted.find((w) => w.term === 'custody')!.weight).toBeGreaterThan(weighted.find((w) => w.term === 'holiday')!.weight);
  });

  it('keeps the strongest terms only, and leaves out words in more than one article in twenty', () => {
    const counts = new Map(Array.from({ length: 40 }, (_, i) => [`term${String(i).padStart(2, '0')}`, 1 + (i % 4)] as [string, number]));
    expect(weighTerms(counts, () => 1, 1000)).toHaveLength(TERMS_KEPT);
    expect(commonAbove(40)).toBe(50);
    expect(commonAbove(50_000)).toBe(2500);
    expect(weighTerms(new Map([['word', 1]]), () => 2501, 50_000)).toEqual([]);
  });
});
