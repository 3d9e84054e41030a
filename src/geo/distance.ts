/** Mean Earth radius (IUGG), in kilometres. */
export const EARTH_RADIUS_KM = 6371.0088;
export const KM_PER_MILE = 1.609344;

export type Unit = 'mi' | 'km';

export interface Point {
  lat: number;
  lon: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** Great-circle distance in kilometres (haversine). */
export function haversineKm(a: Point, b: Point): number {
  return haversineKmWithCosines(a.lat, a.lon, cosLat(a.lat), b.lat, b.lon, cosLat(b.lat));
}

/** The cosine of a latitude, as haversineKmWithCosines wants it. */
export const cosLat = (lat: number) => Math.cos(rad(lat));

/** haversineKm on plain numbers with the latitudes' cosines known (the search index keeps one per office). */
export function haversineKmWithCosines(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  return kmFromHaversine(haversine(lat1, lon1, cos1, lat2, lon2, cos2));
}

/**
 * The haversine of the central angle between two points, before the arcsine: it grows with the
 * distance, so nearer/farther comparisons need not take the arcsine (kmFromHaversine).
 */
export function haversine(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  const sinLat = Math.sin(rad(lat2 - lat1) / 2);
  const sinLon = Math.sin(rad(lon2 - lon1) / 2);
  return sinLat * sinLat + cos1 * cos2 * (sinLon * sinLon);
}

export function kmFromHaversine(h: number): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const toKm = (value: number, unit: Unit) => (unit === 'km' ? value : value * KM_PER_MILE);
export const fromKm = (km: number, unit: Unit) => (unit === 'km' ? km : km / KM_PER_MILE);

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  /** When minLon > maxLon the box crosses the antimeridian. */
  minLon: number;
  maxLon: number;
}

/**
 * The smallest lat/lon box that holds every point within radiusKm of the centre
 * (the tangent-meridian bound, so nothing inside the circle is ever cut off).
 */
export function boundingBox(centre: Point, radiusKm: number): BoundingBox {
  const angular = radiusKm / EARTH_RADIUS_KM;
  const minLat = centre.lat - deg(angular);
  const maxLat = centre.lat + deg(angular);
  if (minLat <= -90 || maxLat >= 90 || angular >= Math.PI / 2) {
    return { minLat: Math.max(minLat, -90), maxLat: Math.min(maxLat, 90), minLon: -180, maxLon: 180 };
  }
  const dLon = deg(Math.asin(Math.min(1, Math.sin(angular) / Math.cos(rad(centre.lat)))));
  let minLon = centre.lon - dLon;
  let maxLon = centre.lon + dLon;
  if (minLon < -180) minLon += 360;
  if (maxLon > 180) maxLon -= 360;
  return { minLat, maxLat, minLon, maxLon };
}

/** Rounds a distance for display: one decimal under 10, whole numbers above. */
export function roundDistance(value: number): number {
  return value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
}
