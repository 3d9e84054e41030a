import { describe, it, expect } from 'vitest';
import { boundingBox, type Point } from './distance.ts';
import { CELL_DEGREES, cellOf, cellsCovering } from './grid.ts';

/** Deterministic pseudo-random numbers in [0, 1), so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random points inside the box (lon may wrap past ±180), plus its corners and edges. */
function pointsIn(box: ReturnType<typeof boundingBox>, next: () => number): Point[] {
  const width = box.minLon <= box.maxLon ? box.maxLon - box.minLon : 360 - box.minLon + box.maxLon;
  const wrap = (lon: number) => (lon > 180 ? lon - 360 : lon);
  const points: Point[] = [];
  for (let i = 0; i < 500; i++) {
    points.push({ lat: box.minLat + next() * (box.maxLat - box.minLat), lon: wrap(box.minLon + next() * width) });
  }
  for (const lat of [box.minLat, box.maxLat]) for (const lon of [box.minLon, box.maxLon]) points.push({ lat, lon });
  return points;
}

describe('cellsCovering', () => {
  const cases: Array<[Point, number]> = [
    [{ lat: 30.27, lon: -97.74 }, 16],
    [{ lat: 40.7, lon: -74 }, 160],
    [{ lat: 51.5, lon: -0.1 }, 40],
    [{ lat: -33.87, lon: 151.21 }, 80],
    [{ lat: 64.2, lon: -21.9 }, 300],
    [{ lat: 0, lon: 179.9 }, 100],
    [{ lat: -17.7, lon: -179.8 }, 60],
    [{ lat: 80, lon: 100 }, 400],
  ];

  const holdsEveryPoint = (centre: Point, km: number) => () => {
    const box = boundingBox(centre, km);
    const cells = new Set(cellsCovering(box));
    for (const p of pointsIn(box, random(km))) {
      expect(cells.has(cellOf(p.lat, p.lon)), `${p.lat}, ${p.lon}`).toBe(true);
    }
  };

  for (const [centre, km] of cases) {
    it(`holds the cell of every point in a ${km} km box around ${centre.lat}, ${centre.lon}`, holdsEveryPoint(centre, km));
  }

  // A box spanning every longitude (-180..180, near a pole or wider than a hemisphere) once wrapped
  // to a single column, because column(180) === column(-180); these keep it covering the whole row.
  it('holds every point of a box that spans all longitudes', holdsEveryPoint({ lat: 89.5, lon: 0 }, 100));
  it('holds every point of a box wider than a hemisphere', holdsEveryPoint({ lat: 10, lon: 0 }, 12_000));

  it('lists each cell once', () => {
    const cells = cellsCovering(boundingBox({ lat: 0, lon: 179.9 }, 100));
    expect(new Set(cells).size).toBe(cells.length);
  });

  it('takes cells from both ends of the row across the antimeridian', () => {
    const columns = 360 / CELL_DEGREES;
    const cells = cellsCovering(boundingBox({ lat: 0, lon: 179.9 }, 100));
    const cols = new Set(cells.map((c) => c % columns));
    expect(cols.has(columns - 1)).toBe(true);
    expect(cols.has(0)).toBe(true);
    // A 200 km box is a handful of columns, not the whole row.
    expect(cols.size).toBeLessThan(6);
  });

  it('puts ±180 longitude in one cell and keeps the poles on the grid', () => {
    expect(cellOf(10, 180)).toBe(cellOf(10, -180));
    expect(cellOf(90, 0)).toBe(cellOf(89.9, 0));
    expect(cellOf(-90, 0)).toBe(cellOf(-89.9, 0));
  });
});
