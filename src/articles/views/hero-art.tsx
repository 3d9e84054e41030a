/**
 * Generated hero art: a calm 16:9 picture made from a piece's slug, for pieces without an image
 * of their own (and for the demo publication's pieces). A hash of the slug picks the palette, the
 * shape family, the angle and the placement, so neighbouring cards rarely look alike, and the
 * same piece always gets the same picture. Plain SVG from numbers and fixed colours: nothing a
 * writer typed reaches it, and no third party is asked for anything.
 */

import { mulberry32 } from '../../lib/random.ts';

const W = 1600;
const H = 900;

/** Light background, two middle tones, a deep tone: each set reads calmly together. */
const PALETTES: readonly (readonly [string, string, string, string])[] = [
  ['#dcecef', '#8cc0c9', '#3a8593', '#0f4f60'],
  ['#f4e7d7', '#e3ad80', '#b8643c', '#6b3420'],
  ['#e5ede0', '#aac59c', '#5f8a58', '#2f4f2c'],
  ['#ece7f4', '#b9a8d8', '#7a62ab', '#3f2f66'],
  ['#e2e9f3', '#93acd1', '#3f629a', '#1c2f52'],
  ['#f6e4e3', '#e4a6a8', '#b95b65', '#6a2a33'],
  ['#f5eed3', '#e2c268', '#b48a1f', '#5c470f'],
  ['#e7eaed', '#aab4be', '#5f6c78', '#2c343c'],
  ['#eef0e2', '#cbb86e', '#6d8b74', '#2e4a3d'],
  ['#f3e9e1', '#9fc3bd', '#d08c60', '#34506b'],
];

const FAMILIES = ['circles', 'arcs', 'stripes', 'hills', 'blocks', 'sun'] as const;
export type HeroArtFamily = (typeof FAMILIES)[number];

/** FNV-1a: a stable 32-bit hash of the slug. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface HeroArtChoice {
  palette: number;
  family: HeroArtFamily;
  /** Degrees the shapes are turned by. */
  angle: number;
}

/** What the slug picks; exported so a test can show that slugs spread over the choices. */
export function heroArtChoice(slug: string): HeroArtChoice {
  // Every choice comes from the slug's hash, in a fixed order.
  const random = mulberry32(hash(slug));
  return { palette: Math.floor(random() * PALETTES.length), family: FAMILIES[Math.floor(random() * FAMILIES.length)]!, angle: Math.round(random() * 360) };
}

const round = (n: number) => Math.round(n);

function Shapes({ family, colors, random }: { family: HeroArtFamily; colors: readonly string[]; random: () => number }): JSX.Element {
  const [, mid, accent, deep] = colors as [string, string, string, string];
  const between = (lo: number, hi: number) => round(lo + random() * (hi - lo));
  switch (family) {
    case 'circles': {
      const x = between(450, 900);
      const y = between(330, 560);
      const r = between(230, 340);
      return (
        <g>
          <circle cx={String(x)} cy={String(y)} r={String(r)} fill={accent} fill-opacity="0.55" />
          <circle cx={String(x + round(r * 1.1))} cy={String(y + between(-60, 60))} r={String(r)} fill={deep} fill-opacity="0.35" />
          <circle cx={String(between(1150, 1450))} cy={String(between(120, 260))} r={String(between(70, 130))} fill={mid} fill-opacity="0.8" />
        </g>
      );
    }
    case 'arcs': {
      const cx = random() < 0.5 ? 0 : W;
      const cy = random() < 0.5 ? 0 : H;
      const step = between(110, 170);
      return (
        <g fill="none">
          {[1, 2, 3, 4, 5, 6].map((i) => (
            <circle cx={String(cx)} cy={String(cy)} r={String(i * step + 120)} stroke={i % 2 ? accent : deep} stroke-width={String(round(step * 0.42))} stroke-opacity={String(0.2 + i * 0.08)} />
          ))}
        </g>
      );
    }
    case 'stripes': {
      const width = between(90, 150);
      return (
        <g>
          {[-4, -3, -2, -1, 0, 1, 2, 3, 4].map((i) => (
            <rect x={String(W / 2 + i * width * 1.6 - width / 2)} y="-700" width={String(round(width * (0.6 + (Math.abs(i) % 3) * 0.25)))} height="2300" fill={i % 2 ? accent : deep} fill-opacity={String(0.18 + (Math.abs(i) % 3) * 0.14)} />
          ))}
        </g>
      );
    }
    case 'hills': {
      const base = between(430, 560);
      const layer = (y: number, color: string, opacity: string, lift: number) => (
        <path d={`M-400 ${y} C 200 ${y - lift}, 700 ${y + lift}, 1100 ${y - round(lift / 2)} S 1800 ${y + lift}, 2000 ${y} L2000 1500 L-400 1500 Z`} fill={color} fill-opacity={opacity} />
      );
      return (
        <g>
          <circle cx={String(between(250, 1350))} cy={String(base - between(160, 260))} r={String(between(60, 110))} fill={accent} fill-opacity="0.7" />
          {layer(base, mid, '0.9', between(80, 160))}
          {layer(base + 150, accent, '0.7', between(60, 140))}
          {layer(base + 300, deep, '0.75', between(40, 120))}
        </g>
      );
    }
    case 'blocks': {
      const size = between(150, 220);
      const cells: JSX.Element[] = [];
      for (let row = -1; row < 5; row++) {
        for (let col = -1; col < 9; col++) {
          const pick = random();
          if (pick < 0.45) continue;
          const color = pick < 0.7 ? mid : pick < 0.9 ? accent : deep;
          cells.push(<rect x={String(col * size * 1.15)} y={String(row * size * 1.15)} width={String(size)} height={String(size)} rx={String(round(size * 0.18))} fill={color} fill-opacity="0.55" />);
        }
      }
      return <g>{cells}</g>;
    }
    case 'sun': {
      const horizon = between(520, 640);
      const cx = between(500, 1100);
      return (
        <g>
          <circle cx={String(cx)} cy={String(horizon)} r={String(between(220, 300))} fill={accent} fill-opacity="0.75" />
          {[0, 1, 2, 3, 4].map((i) => (
            <rect x="-400" y={String(horizon + i * 58)} width="2400" height={String(30 + i * 6)} fill={deep} fill-opacity={String(0.35 + i * 0.1)} />
          ))}
        </g>
      );
    }
  }
}

/**
 * The picture for `slug`, as an <svg> element: inline in a card (decorative, hidden from screen
 * readers, sized by the stylesheet) or written to a file for the image pipeline.
 */
export function HeroArt({ slug, class: className }: { slug: string; class?: string }): JSX.Element {
  const choice = heroArtChoice(slug);
  const colors = PALETTES[choice.palette]!;
  // A second generator for placement, so the choice above stays the same if a family changes.
  const random = mulberry32(hash(`${slug}#shapes`));
  const id = `art-${hash(slug).toString(36)}`;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" class={className} viewBox={`0 0 ${W} ${H}`} width={String(W)} height={String(H)} preserveAspectRatio="xMidYMid slice" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={id} gradientTransform={`rotate(${choice.angle % 90} 0.5 0.5)`}>
          <stop offset="0" stop-color={colors[0]} />
          <stop offset="1" stop-color={colors[1]} />
        </linearGradient>
      </defs>
      <rect width={String(W)} height={String(H)} fill={`url(#${id})`} />
      {/* Stripes turn by the whole angle; the other shapes only lean, so they stay in frame. */}
      <g transform={`rotate(${choice.family === 'stripes' ? choice.angle : (choice.angle % 40) - 20} ${W / 2} ${H / 2})`}>
        <Shapes family={choice.family} colors={colors} random={random} />
      </g>
    </svg>
  );
}
