import { describe, expect, it } from 'vitest';
import { readDemoArticle } from './articles.ts';

const piece = (front: string, body = 'Some **Markdown**.\n\n## A heading\n') => `---\n${front}\n---\n${body}`;
const FRONT = 'kind: article\ntitle: "Co-parenting: a week\'s plan"\ncategories: [family]\ntags: [parenting, plans]\nauthor: 2\ndaysAgo: 9\nheroAlt: A kitchen calendar with coloured pens';

describe('a demo piece file', () => {
  it('gives its slug from the file name, its details from the front matter and its body as written', () => {
    const a = readDemoArticle('07-a-weeks-plan.md', piece(FRONT));
    expect(a).toMatchObject({ slug: 'a-weeks-plan', kind: 'article', title: "Co-parenting: a week's plan", categories: ['family'], author: 2, daysAgo: 9 });
    expect(a.body).toBe('Some **Markdown**.\n\n## A heading');
  });

  it('is refused with its name and the reason when it breaks the format', () => {
    expect(() => readDemoArticle('a-weeks-plan.md', piece(FRONT))).toThrow(/a-weeks-plan\.md: name it NN-slug\.md/);
    expect(() => readDemoArticle('07-a-weeks-plan.md', 'No front matter')).toThrow(/front matter/);
    expect(() => readDemoArticle('07-x.md', piece(FRONT.replace('kind: article', 'kind: essay')))).toThrow(/07-x\.md: kind/);
    expect(() => readDemoArticle('07-x.md', piece(`${FRONT}\nauthr: 3`))).toThrow(/07-x\.md: .*authr/);
    expect(() => readDemoArticle('07-x.md', piece(FRONT.replace('daysAgo: 9', 'daysAgo: 0')))).toThrow(/daysAgo/);
  });
});
