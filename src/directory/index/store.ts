import type { Db } from '../../db/database.ts';
import { cosLat } from '../../geo/distance.ts';
import { Grid } from '../../geo/grid.ts';
import { normalise } from '../../geo/places.ts';
import { chunks } from '../../lib/arrays.ts';
import { feeInUsd } from '../currency.ts';
import { regionContains, regionOfRow, type GrantRegion, type PlaceForFeatured, type RegionColumns } from '../featured/regions.ts';
import type { Format, MatchKind } from '../types.ts';

/**
 * The search index's data: what ranking needs about every listed mediator, packed in typed
 * arrays and number lists, a lat/lon grid over their offices and lists of who serves each country and region.
 *
 * Each change gives the mediator a new slot. Their old slot becomes a tombstone: it is marked
 * dead, which ranking reads, and its entries stay in the grid and the lists until compact()
 * drops them, a list at a time, off the request path. Rebuilding every cell and list a removed
 * mediator appeared in (a country-wide list holds tens of thousands) made an edit of 500
 * mediators block every search for over a second.
 */

/** Grid cells of a quarter degree: a 10-mile search touches a few, a 100-mile one about 150. */
export const GRID = new Grid(0.25);
/** A list is compacted once this share or more of its entries is dead (1/COMPACT_AT). */
const COMPACT_AT = 8;

export const FORMAT_BITS: Record<Format, number> = { in_person: 1, online: 2, phone: 4 };
export const MATCH_KINDS: MatchKind[] = ['office', 'online', 'travel', 'anywhere'];
export const OFFICE = 0;
export const ONLINE = 1;
export const TRAVEL = 2;
export const ANYWHERE = 3;

/** What the index needs to know about one mediator, as read from the database. */
export interface MediatorFacts {
  id: number;
  name: string;
  headline: string;
  completeness: number;
  accepting_cases: number;
  accepting_confirmed_at: string | null;
  fee_min: number | null;
  fee_currency: string;
  free_consultation: number;
  fmt_in_person: number;
  fmt_online: number;
  fmt_phone: number;
}

/** A featured grant, as ranking reads it. */
export interface GrantFacts {
  id: number;
  /** null: the site's own, for its directory; else the association whose own directory it is for. */
  association: number | null;
  from: number;
  until: number;
  region: GrantRegion;
}

type GrantRow = RegionColumns & { id: number; mediator_id: number; association_id: number | null; starts_at: string; ends_at: string };

export interface Facts {
  mediators: MediatorFacts[];
  offices: { id: number; mediator_id: number; lat: number; lon: number }[];
  areas: { mediator_id: number; kind: string; country: string; region: string | null }[];
  practice: { mediator_id: number; practice_area: string }[];
  languages: { mediator_id: number; language: string }[];
  /** Memberships in state 'member', and the panels those members sit on. */
  associations: { mediator_id: number; association_id: number }[];
  panels: { mediator_id: number; panel_id: number }[];
  grants: GrantRow[];
}

// Each mediator's ranking facts as one record of RECORD numbers. The master copy lives in
// `records` by slot; every office in the grid and every service-area list carries its own copy,
// so a search reads its candidates' facts in sequence instead of jumping around memory (measured:
// the jump per candidate was most of a search's time).
export const RECORD = 8;
export const R_FLAGS = 0;
export const R_FEE = 1; // in US dollars (currency.ts); NaN: no fee given, or in a currency not in the table
export const R_COMPLETENESS = 2;
export const R_CONFIRMED = 3; // epoch ms, NaN: never confirmed
export const R_PRACTICE = 4; // Tags bit mask
export const R_LANGUAGES = 5; // Tags bit mask
export const R_ID = 6;
export const R_SLOT = 7;
// Flag bits: the three formats are FORMAT_BITS (1, 2, 4).
export const F_FREE = 8;
export const F_ACCEPTING = 16;
export const F_LISTED = 32;
export const F_FEATURED_TIER = 64;
// Offices in a grid cell, packed in one array: latitude, longitude, its cosine, office id, then the record.
export const O_LAT = 0;
export const O_LON = 1;
export const O_COS = 2;
export const O_ID = 3;
export const O_RECORD = 4;
export const OFFICE_ENTRY = O_RECORD + RECORD;
const NONE: readonly number[] = Object.freeze([]);

/** Reads what the index holds about listed mediators: all of them, or these ids. */
export async function readFacts(db: Db, ids: number[] | null): Promise<Facts> {
  if (ids && ids.length > 500) {
    const parts: Facts[] = [];
    for (const batch of chunks(ids, 500)) parts.push(await readFacts(db, batch));
    return {
      mediators: parts.flatMap((p) => p.mediators),
      offices: parts.flatMap((p) => p.offices),
      areas: parts.flatMap((p) => p.areas),
      practice: parts.flatMap((p) => p.practice),
      languages: parts.flatMap((p) => p.languages),
      associations: parts.flatMap((p) => p.associations),
      panels: parts.flatMap((p) => p.panels),
      grants: parts.flatMap((p) => p.grants),
    };
  }
  const mediators = db
    .selectFrom('mediators')
    .select(['id', 'name', 'headline', 'completeness', 'accepting_cases', 'accepting_confirmed_at', 'fee_min', 'fee_currency', 'free_consultation', 'fmt_in_person', 'fmt_online', 'fmt_phone'])
    .where('status', '=', 'published');
  const offices = db.selectFrom('offices').select(['id', 'mediator_id', 'lat', 'lon']).orderBy('id');
  const areas = db.selectFrom('service_areas').select(['mediator_id', 'kind', 'country', 'region']).orderBy('id');
  const practice = db.selectFrom('mediator_practice_areas').select(['mediator_id', 'practice_area']);
  const languages = db.selectFrom('mediator_languages').select(['mediator_id', 'language']);
  // The association tables are read here, not through the associations feature: the directory
  // imports no feature above it, and the index needs only these ids.
  const associations = db.selectFrom('association_members').select(['mediator_id', 'association_id']).where('state', '=', 'member');
  const panels = db
    .selectFrom('association_member_panels as mp')
    .innerJoin('association_members as am', (j) => j.onRef('am.association_id', '=', 'mp.association_id').onRef('am.mediator_id', '=', 'mp.mediator_id'))
    .select(['mp.mediator_id', 'mp.panel_id'])
    .where('am.state', '=', 'member');
  // Ended grants are read too (a few rows a mediator; the clock is the caller's, so the ranking
  // compares dates). An association's grants are read too, and kept apart by `association`: they
  // fill featured places in that association's own directory only, never the site's.
  const grants = db
    .selectFrom('featured_grants')
    .select(['id', 'mediator_id', 'association_id', 'starts_at', 'ends_at', 'region_kind', 'country', 'region', 'metro_name', 'metro_lat', 'metro_lon'])
    .where('tier', '=', 'featured')
    .orderBy('id');
  // Rows of mediators who are not listed are read on a full load too, and skipped by addAll.
  const [m, o, a, p, l, as, ps, g] = await Promise.all([
    (ids ? mediators.where('id', 'in', ids) : mediators).execute(),
    (ids ? offices.where('mediator_id', 'in', ids) : offices).execute(),
    (ids ? areas.where('mediator_id', 'in', ids) : areas).execute(),
    (ids ? practice.where('mediator_id', 'in', ids) : practice).execute(),
    (ids ? languages.where('mediator_id', 'in', ids) : languages).execute(),
    (ids ? associations.where('mediator_id', 'in', ids) : associations).execute(),
    (ids ? panels.where('mp.mediator_id', 'in', ids) : panels).execute(),
    (ids ? grants.where('mediator_id', 'in', ids) : grants).execute(),
  ]);
  return { mediators: m, offices: o, areas: a, practice: p, languages: l, associations: as, panels: ps, grants: g };
}

export class PackedStore {
  slotOf = new Map<number, number>();
  records = new Float64Array(RECORD * 1024);
  slots = 0;
  /** Per slot, 1 once the mediator was removed or changed (a tombstone: see remove). */
  dead = new Uint8Array(1024);
  // Read for the page only, or for ties and keywords.
  names: string[] = [];
  /** Name and headline, normalised, with a space before every word: keywordInTitle reads it. */
  titles: string[] = [];
  confirmedAt: (string | null)[] = [];
  /** Per slot, the mediator's featured grants (empty for most); F_FEATURED_TIER marks a slot with any. */
  grants: GrantFacts[][] = [];
  /** Grid cells holding each slot's offices (one per office), and the service-area lists holding the slot. */
  cellsOf: number[][] = [];
  areaKeysOf: string[][] = [];
  /**
   * Per slot, the associations the mediator is a member of, and the panels they sit on (ids; few
   * per mediator). Most have none and share one empty list, so the index grows only with memberships.
   */
  associationsOf: (readonly number[])[] = [];
  panelsOf: (readonly number[])[] = [];
  officeCount = 0;

  practice = new Tags(R_PRACTICE);
  languages = new Tags(R_LANGUAGES);
  cells = new Map<number, number[]>();
  /** Slots serving a country or region online or by travel, by areaKey. */
  areas = new Map<string, number[]>();

  /** Dead entries per grid cell and per service-area list, and the lists due to be compacted. */
  private deadInCell = new Map<number, number>();
  private deadInArea = new Map<string, number>();
  private dueCells = new Set<number>();
  private dueAreas = new Set<string>();

  /**
   * Listed mediators with a grant running at `nowMs` (whose region holds `place`, when given), in
   * id order, each with that grant: the home page's and /featured's lists, read here rather than
   * by scanning the grants on every page. The site's own grants only.
   */
  featuredIds(nowMs: number, place?: PlaceForFeatured | ((grant: GrantFacts) => boolean)): { mediatorId: number; grantId: number }[] {
    const out: { mediatorId: number; grantId: number }[] = [];
    const rec = this.records;
    for (let s = 0; s < this.slots; s++) {
      const flags = rec[s * RECORD + R_FLAGS]!;
      if (!(flags & F_LISTED && flags & F_FEATURED_TIER)) continue;
      const grantId = this.grantFor(s, nowMs, place);
      if (grantId) out.push({ mediatorId: rec[s * RECORD + R_ID]!, grantId });
    }
    return out.sort((a, b) => a.mediatorId - b.mediatorId);
  }

  /**
   * The id of the slot's first grant running at `nowMs` whose region holds `place` (any region
   * without one), made by `by` (null: the site's admins; an id: that association); 0 when none.
   */
  grantFor(s: number, nowMs: number, place?: PlaceForFeatured | ((grant: GrantFacts) => boolean), by: number | null = null): number {
    for (const g of this.grants[s]!) {
      if (g.association !== by || g.from > nowMs || g.until <= nowMs) continue;
      if (!place || (typeof place === 'function' ? place(g) : regionContains(g.region, place))) return g.id;
    }
    return 0;
  }

  /** A listed mediator's practice areas and languages (codes, sorted), or null when not listed. */
  tagsOf(mediatorId: number): { practice: string[]; languages: string[] } | null {
    const s = this.slotOf.get(mediatorId);
    if (s === undefined) return null;
    return { practice: this.practice.valuesOf(this.records, s), languages: this.languages.valuesOf(this.records, s).sort() };
  }

  /**
   * Marks these mediators (by id) in a per-slot map that rank() reads as `keywordSlots`; given an
   * existing map, marks them in it (grown when needed) so a cached map follows later changes.
   */
  keywordSlots(ids: Iterable<number>, into?: Uint8Array): Uint8Array {
    let map = into ?? new Uint8Array(this.slots);
    if (map.length < this.slots) {
      const grown = new Uint8Array(Math.max(this.slots, map.length * 2));
      grown.set(map);
      map = grown;
    }
    for (const id of ids) {
      const s = this.slotOf.get(id);
      if (s !== undefined) map[s] = 1;
    }
    return map;
  }

  addAll(f: Facts): void {
    for (const m of f.mediators) this.add(m);
    for (const g of f.grants) {
      this.slotFor(g.mediator_id, (s) => {
        this.grants[s]!.push({ id: g.id, association: g.association_id, from: Date.parse(g.starts_at), until: Date.parse(g.ends_at), region: regionOfRow(g) });
        this.records[s * RECORD + R_FLAGS] = this.records[s * RECORD + R_FLAGS]! | F_FEATURED_TIER;
      });
    }
    for (const p of f.practice) this.slotFor(p.mediator_id, (s) => this.practice.add(this.records, s, p.practice_area));
    for (const l of f.languages) this.slotFor(l.mediator_id, (s) => this.languages.add(this.records, s, l.language));
    for (const a of f.associations) this.slotFor(a.mediator_id, (s) => (this.associationsOf[s] = [...this.associationsOf[s]!, a.association_id]));
    for (const p of f.panels) this.slotFor(p.mediator_id, (s) => (this.panelsOf[s] = [...this.panelsOf[s]!, p.panel_id]));
    // Offices and service areas last: they copy the finished records.
    const record = (s: number) => this.records.subarray(s * RECORD, (s + 1) * RECORD);
    for (const o of f.offices) {
      this.slotFor(o.mediator_id, (s) => {
        const cell = GRID.cellOf(o.lat, o.lon);
        let list = this.cells.get(cell);
        if (!list) this.cells.set(cell, (list = []));
        list.push(o.lat, o.lon, cosLat(o.lat), o.id, ...record(s));
        this.cellsOf[s]!.push(cell);
        this.officeCount++;
      });
    }
    for (const a of f.areas) {
      this.slotFor(a.mediator_id, (s) => {
        const key = areaKey(a.country, a.region ?? '', a.kind === 'online' ? ONLINE : TRAVEL);
        this.areaKeysOf[s]!.push(key);
        let list = this.areas.get(key);
        if (!list) this.areas.set(key, (list = []));
        list.push(...record(s));
      });
    }
  }

  private slotFor(mediatorId: number, then: (slot: number) => void): void {
    const s = this.slotOf.get(mediatorId);
    if (s !== undefined) then(s);
  }

  private add(m: MediatorFacts): void {
    const s = this.slots++;
    if (this.records.length < this.slots * RECORD) {
      const grown = new Float64Array(this.records.length * 2);
      grown.set(this.records);
      this.records = grown;
      const dead = new Uint8Array(this.dead.length * 2);
      dead.set(this.dead);
      this.dead = dead;
    }
    this.slotOf.set(m.id, s);
    const r = s * RECORD;
    const rec = this.records;
    rec[r + R_FLAGS] =
      (m.fmt_in_person ? FORMAT_BITS.in_person : 0) |
      (m.fmt_online ? FORMAT_BITS.online : 0) |
      (m.fmt_phone ? FORMAT_BITS.phone : 0) |
      (m.free_consultation ? F_FREE : 0) |
      (m.accepting_cases ? F_ACCEPTING : 0) |
      F_LISTED;
    rec[r + R_FEE] = feeInUsd(m.fee_min, m.fee_currency);
    rec[r + R_COMPLETENESS] = m.completeness;
    rec[r + R_CONFIRMED] = m.accepting_confirmed_at ? Date.parse(m.accepting_confirmed_at) : Number.NaN;
    rec[r + R_PRACTICE] = 0;
    rec[r + R_LANGUAGES] = 0;
    rec[r + R_ID] = m.id;
    rec[r + R_SLOT] = s;
    this.names[s] = m.name;
    this.titles[s] = ` ${normalise(`${m.name} ${m.headline}`)}`;
    this.confirmedAt[s] = m.accepting_confirmed_at;
    this.grants[s] = [];
    this.cellsOf[s] = [];
    this.areaKeysOf[s] = [];
    this.associationsOf[s] = NONE;
    this.panelsOf[s] = NONE;
  }

  /**
   * Takes a mediator out: their slot becomes a tombstone (flags cleared, marked dead) and their
   * grid and list entries are left for compact(), so this costs the same whatever the lists hold.
   */
  remove(mediatorId: number): void {
    const s = this.slotOf.get(mediatorId);
    if (s === undefined) return;
    this.slotOf.delete(mediatorId);
    this.records[s * RECORD + R_FLAGS] = 0;
    this.dead[s] = 1;
    this.officeCount -= this.cellsOf[s]!.length;
    for (const cell of this.cellsOf[s]!) {
      const dead = (this.deadInCell.get(cell) ?? 0) + 1;
      this.deadInCell.set(cell, dead);
      if (dead * COMPACT_AT * OFFICE_ENTRY >= this.cells.get(cell)!.length) this.dueCells.add(cell);
    }
    for (const key of this.areaKeysOf[s]!) {
      const dead = (this.deadInArea.get(key) ?? 0) + 1;
      this.deadInArea.set(key, dead);
      if (dead * COMPACT_AT * RECORD >= this.areas.get(key)!.length) this.dueAreas.add(key);
    }
    this.cellsOf[s] = [];
    this.areaKeysOf[s] = [];
    this.associationsOf[s] = NONE;
    this.panelsOf[s] = NONE;
  }

  /** Whether some list holds enough dead entries to be worth compacting. */
  get compactionDue(): boolean {
    return this.dueCells.size > 0 || this.dueAreas.size > 0;
  }

  /**
   * Drops the dead entries of lists due for it, a whole list at a time (so each list is always
   * either before or after), until about `budget` numbers have been read. Returns whether any
   * list is still due; the caller runs the rest in a later turn of the event loop.
   */
  compact(budget: number): boolean {
    let spent = 0;
    for (const cell of this.dueCells) {
      const list = this.cells.get(cell)!;
      this.cells.set(cell, this.alive(list, OFFICE_ENTRY, O_RECORD + R_SLOT));
      this.dueCells.delete(cell);
      this.deadInCell.delete(cell);
      if ((spent += list.length) >= budget) return this.compactionDue;
    }
    for (const key of this.dueAreas) {
      const list = this.areas.get(key)!;
      this.areas.set(key, this.alive(list, RECORD, R_SLOT));
      this.dueAreas.delete(key);
      this.deadInArea.delete(key);
      if ((spent += list.length) >= budget) return this.compactionDue;
    }
    return false;
  }

  /** A packed list without the entries of dead slots. */
  private alive(list: number[], stride: number, slotAt: number): number[] {
    const kept: number[] = [];
    for (let i = 0; i < list.length; i += stride) if (!this.dead[list[i + slotAt]!]) for (let j = 0; j < stride; j++) kept.push(list[i + j]!);
    return kept;
  }

  /** Whether every keyword starts a word of the name or headline of the mediator in slot `s`. */
  keywordInTitle(s: number, terms: string[]): boolean {
    // normalise() leaves single spaces between words, and terms are letters and digits only.
    const title = this.titles[s]!;
    return terms.every((t) => title.includes(` ${t}`));
  }
}

export const areaKey = (country: string, region: string, kind: number) => `${country}\u0000${region}\u0000${kind}`;

export function bitCount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Tags of one kind (practice areas, languages) for every mediator: the first 31 values seen as
 * bits of a number in the mediator's record, so a filter is an AND and a bit count; any beyond in
 * a list.
 */
export class Tags {
  private ordinals = new Map<string, number>();
  private rest = new Map<number, number[]>();

  constructor(private readonly field: number) {}

  add(records: Float64Array, slot: number, value: string): void {
    let n = this.ordinals.get(value);
    if (n === undefined) this.ordinals.set(value, (n = this.ordinals.size));
    const at = slot * RECORD + this.field;
    if (n < 31) records[at] = records[at]! | (1 << n);
    else {
      const list = this.rest.get(slot) ?? [];
      this.rest.set(slot, [...list.filter((x) => x !== n), n]);
    }
  }

  /** A mediator's values, in the order they were first seen across the directory. */
  valuesOf(records: Float64Array, slot: number): string[] {
    const mask = records[slot * RECORD + this.field]!;
    const out: string[] = [];
    let n = 0;
    for (const value of this.ordinals.keys()) {
      if (n < 31 ? mask & (1 << n) : this.rest.get(slot)?.includes(n)) out.push(value);
      n++;
    }
    return out;
  }

  /** How many of the wanted values a mediator (their record at list[at]) has; null when none are wanted. */
  counter(wanted: string[]): ((list: ArrayLike<number>, at: number) => number) | null {
    if (!wanted.length) return null;
    let mask = 0;
    const far: number[] = [];
    for (const value of new Set(wanted)) {
      const n = this.ordinals.get(value);
      if (n === undefined) continue;
      if (n < 31) mask |= 1 << n;
      else far.push(n);
    }
    const { field, rest } = this;
    if (!far.length) return (list, at) => bitCount(list[at + field]! & mask);
    return (list, at) => bitCount(list[at + field]! & mask) + far.filter((n) => rest.get(list[at + R_SLOT]!)?.includes(n)).length;
  }
}
