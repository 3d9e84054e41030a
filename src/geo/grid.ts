import type { BoundingBox } from './distance.ts';

/**
 * A fixed lat/lon grid: a point's cell number, and every cell a bounding box touches (across the
 * antimeridian too). The database keeps each office's cell on the half-degree grid (`cellOf`,
 * about 55 by 40 km in the US); the in-memory search index uses a quarter-degree one.
 */
export class Grid {
  readonly columns: number;
  readonly rows: number;

  constructor(readonly degrees: number) {
    this.columns = 360 / degrees;
    this.rows = 180 / degrees;
  }

  private row(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat + 90) / this.degrees)));
  }

  private column(lon: number): number {
    return ((Math.floor((lon + 180) / this.degrees) % this.columns) + this.columns) % this.columns;
  }

  cellOf(lat: number, lon: number): number {
    return this.row(lat) * this.columns + this.column(lon);
  }

  /** Every cell that a bounding box touches (it may cross the antimeridian). */
  cellsCovering(box: BoundingBox): number[] {
    const columns: number[] = [];
    const first = this.column(box.minLon);
    // column(180) wraps to column(-180); a box reaching 180 ends in the last column.
    const last = box.maxLon >= 180 ? this.columns - 1 : this.column(box.maxLon);
    const span = box.minLon <= box.maxLon ? last - first : this.columns - first + last;
    for (let i = 0; i <= Math.min(span, this.columns - 1); i++) columns.push((first + i) % this.columns);
    const cells: number[] = [];
    for (let r = this.row(box.minLat); r <= this.row(box.maxLat); r++) {
      for (const c of columns) cells.push(r * this.columns + c);
    }
    return cells;
  }
}

/** The grid of the `offices.cell` column. */
export const CELL_DEGREES = 0.5;
const DATABASE_GRID = new Grid(CELL_DEGREES);

export const cellOf = (lat: number, lon: number): number => DATABASE_GRID.cellOf(lat, lon);
export const cellsCovering = (box: BoundingBox): number[] => DATABASE_GRID.cellsCovering(box);
