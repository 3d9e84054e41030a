import { describe, it, expect } from 'vitest';
import { EARTH_RADIUS_KM, boundingBox, fromKm, haversineKm, toKm, type BoundingBox, type Point } from './distance.ts';

const AUSTIN = { lat: 30.2672, lon: -97.7431 };
const DALLAS = { lat: 32.7767, lon: -96.797 };
const JFK = { lat: 40.6413, lon: -73.7781 };
const LAX = { lat: 33.9416, lon: -118.4085 };

/** The point `km` away from `from` on the initial bearing (degrees clockwise from north). */
function destination(from: Point, bearingDeg: number, km: number): Point {
  const rad = Math.PI / 180;
  const d = km / EARTH_RADIUS_KM;
  const φ1 = from.lat * rad;
  const θ = bearingDeg * rad;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
  const λ2 = from.lon * rad + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  const lon = ((((λ2 / rad + 180) % 360) + 360) % 360) - 180;
  return { lat: φ2 / rad, lon };
}

const EPSILON = 1e-9;
function contains(box: BoundingBox, p: Point): boolean {
  if (p.lat < box.minLat - EPSILON || p.lat > box.maxLat + EPSILON) return false;
  return box.minLon <= box.maxLon
    ? p.lon >= box.minLon - EPSILON && p.lon <= box.maxLon + EPSILON
    : p.lon >= box.minLon - EPSILON || p.lon <= box.maxLon + EPSILON;
}

describe('haversineKm', () => {
  it('measures Austin to Dallas as about 293 km', () => {
    expect(Math.abs(haversineKm(AUSTIN, DALLAS) - 293)).toBeLessThan(1);
  });

  it('measures JFK to LAX within 0.3% of the ellipsoidal 3,983 km', () => {
    // The sphere of mean radius gives 3,974 km here; the 3,983 km usually quoted is measured on
    // the WGS84 ellipsoid. Nine kilometres on a coast-to-coast flight is fine for a directory.
    const km = haversineKm(JFK, LAX);
    expect(Math.abs(km - 3974)).toBeLessThan(5);
    expect(Math.abs(km - 3983) / 3983).toBeLessThan(0.003);
  });

  it('is symmetric and zero from a point to itself', () => {
    expect(haversineKm(AUSTIN, AUSTIN)).toBe(0);
    expect(haversineKm(AUSTIN, DALLAS)).toBeCloseTo(haversineKm(DALLAS, AUSTIN), 9);
  });

  it('measures antipodes as half the circumference', () => {
    expect(haversineKm({ lat: 10, lon: 20 }, { lat: -10, lon: -160 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 2);
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 2);
  });

  it('goes the short way across the antimeridian', () => {
    expect(haversineKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo((Math.PI / 180) * EARTH_RADIUS_KM, 6);
  });
});

describe('boundingBox', () => {
  const centres: Point[] = [
    { lat: 0, lon: 0 },
    { lat: 30.27, lon: -97.74 },
    { lat: 45, lon: 10 },
    { lat: 60, lon: 25 },
    { lat: -60, lon: -70 },
    { lat: 78, lon: 15 },
    { lat: 0, lon: 179.9 },
    { lat: 52, lon: -179.95 },
  ];
  const radii = [1, 16.09, 100, 500];
  const bearings = [0, 45, 90, 135, 180, 225, 270, 315];

  for (const centre of centres) {
    it(`holds every point on circles around ${centre.lat}, ${centre.lon}`, () => {
      for (const km of radii) {
        const box = boundingBox(centre, km);
        for (const bearing of [...bearings, ...Array.from({ length: 72 }, (_, i) => i * 5 + 2.5)]) {
          const p = destination(centre, bearing, km);
          expect(haversineKm(centre, p)).toBeCloseTo(km, 6);
          expect(contains(box, p), `${km} km at ${bearing}°: ${p.lat}, ${p.lon} in ${JSON.stringify(box)}`).toBe(true);
        }
      }
    });
  }

  it('is not much bigger than the circle at mid latitudes', () => {
    const box = boundingBox({ lat: 45, lon: 10 }, 100);
    expect(box.maxLat - box.minLat).toBeCloseTo((200 / EARTH_RADIUS_KM) * (180 / Math.PI), 9);
    expect(box.maxLon - box.minLon).toBeLessThan(2 * 1.28);
  });

  it('wraps across the antimeridian', () => {
    const box = boundingBox({ lat: 0, lon: 179.9 }, 100);
    expect(box.minLon).toBeGreaterThan(box.maxLon);
    expect(box.minLon).toBeLessThan(179.9);
    expect(box.maxLon).toBeGreaterThan(-180);
  });

  it('takes every longitude when the circle reaches a pole', () => {
    const box = boundingBox({ lat: 89.5, lon: 0 }, 100);
    expect(box).toMatchObject({ maxLat: 90, minLon: -180, maxLon: 180 });
  });
});

describe('toKm and fromKm', () => {
  it('converts miles both ways and leaves kilometres alone', () => {
    expect(toKm(10, 'mi')).toBeCloseTo(16.09344, 9);
    expect(fromKm(16.09344, 'mi')).toBeCloseTo(10, 9);
    expect(toKm(7, 'km')).toBe(7);
    expect(fromKm(7, 'km')).toBe(7);
    for (const v of [0, 0.5, 25, 100]) expect(fromKm(toKm(v, 'mi'), 'mi')).toBeCloseTo(v, 9);
  });
});
