import type { BoundingBox } from './distance.ts';

/**
 * A fixed lat/lon grid that turns a radius query into an index look-up on both engines:
 * each office stores the number of the cell it falls in, and a search asks for the cells its
 * bounding box touches. Half a degree (about 55 by 40 km in the US) keeps a 10-mile search to
 * a few cells and a 100-mile one to under a hundred.
 */
export const CELL_DEGREES = 0.5;
const COLUMNS = 360 / CELL_DEGREES;
const ROWS = 180 / CELL_DEGREES;

const row = (lat: number) => Math.min(ROWS - 1, Math.max(0, Math.floor((lat + 90) / CELL_DEGREES)));
const column = (lon: number) => (((Math.floor((lon + 180) / CELL_DEGREES) % COLUMNS) + COLUMNS) % COLUMNS);

export function cellOf(lat: number, lon: number): number {
  return row(lat) * COLUMNS + column(lon);
}

/** Every cell that a bounding box touches (it may cross the antimeridian). */
export function cellsCovering(box: BoundingBox): number[] {
  const columns: number[] = [];
  const first = column(box.minLon);
  // column(180) wraps to column(-180); a box reaching 180 ends in the last column.
  const last = box.maxLon >= 180 ? COLUMNS - 1 : column(box.maxLon);
  const span = box.minLon <= box.maxLon ? last - first : COLUMNS - first + last;
  for (let i = 0; i <= Math.min(span, COLUMNS - 1); i++) columns.push((first + i) % COLUMNS);
  const cells: number[] = [];
  for (let r = row(box.minLat); r <= row(box.maxLat); r++) {
    for (const c of columns) cells.push(r * COLUMNS + c);
  }
  return cells;
}
