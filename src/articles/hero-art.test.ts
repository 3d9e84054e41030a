import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { HeroArt } from './views/hero-art.tsx';

/**
 * The generated hero art, judged as a reader sees it: rendered to pixels, the pictures of
 * neighbouring pieces must differ in shape (not only in colour), and a piece keeps its picture.
 */

const SLUGS = Array.from({ length: 24 }, (_, i) => `a-piece-about-mediation-number-${i + 1}`);

/** A 32×18 grey thumbnail with its brightness evened out, so only shapes are compared. */
async function shapeOf(svg: string): Promise<number[]> {
  const raw = await sharp(Buffer.from(svg)).resize(32, 18).greyscale().raw().toBuffer();
  const values = Array.from(raw);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const spread = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
  return values.map((v) => (v - mean) / spread);
}

async function colourOf(svg: string): Promise<[number, number, number]> {
  const { channels } = await sharp(Buffer.from(svg)).stats();
  return [channels[0]!.mean, channels[1]!.mean, channels[2]!.mean];
}

const distance = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

describe('generated hero art', () => {
  it('draws the same 1600×900 picture for the same slug, every time', async () => {
    const first = await HeroArt({ slug: 'choosing-a-mediator' });
    expect(await HeroArt({ slug: 'choosing-a-mediator' })).toBe(first);
    const meta = await sharp(Buffer.from(first)).metadata();
    expect([meta.width, meta.height]).toEqual([1600, 900]);
  });

  it('gives neighbouring pieces pictures of different shapes and colours', async () => {
    const svgs = await Promise.all(SLUGS.map((slug) => HeroArt({ slug })));
    const shapes = await Promise.all(svgs.map(shapeOf));
    const colours = await Promise.all(svgs.map(colourOf));
    let sameShape = 0;
    for (let i = 1; i < SLUGS.length; i++) {
      // Two pictures drawn alike give a distance near 0; unrelated shapes land near 1.
      if (distance(shapes[i - 1]!, shapes[i]!) < 0.35) sameShape++;
    }
    expect(sameShape).toBeLessThanOrEqual(2);
    // Colours spread too: the average colours are not all one hue family.
    const distinct = new Set(colours.map(([r, g, b]) => `${Math.round(r / 24)}-${Math.round(g / 24)}-${Math.round(b / 24)}`));
    expect(distinct.size).toBeGreaterThanOrEqual(8);
  });

  it('takes nothing from the slug into the picture but numbers', async () => {
    const svg = await HeroArt({ slug: '"><script>alert(1)</script>' });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('alert');
  });
});
