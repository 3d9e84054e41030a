import type { Db } from '../db/database.ts';
import { EARTH_RADIUS_KM, boundingBox, cosLat, haversine, kmFromHaversine } from '../geo/distance.ts';
import { normalise } from '../geo/places.ts';
import { chunks } from '../lib/arrays.ts';
import { Grid } from '../geo/grid.ts';
import { BIO_ONLY_KEYWORD_FIT, RANKING_WEIGHTS, SERVICE_AREA_PROXIMITY, bestMatch, freshnessAt, rotateFeatured } from './ranking.ts';
import { listPracticeAreas } from './practice-areas.ts';
import type { Format, MatchKind, PracticeArea, SearchLocation, SearchParams, ServedArea, Sort } from './types.ts';

/**
 * The directory's search index: what ranking needs about every listed mediator (about 200 bytes
 * each), a lat/lon grid over their offices and lists of who serves each country and region,
 * held in memory and kept in step with the database through the `directory_changes` log that
 * triggers write. A search then ranks every candidate without reading rows, and keeps only the
 * page it shows; the page's details are read from the database afterwards.
 *
 * One index per database handle (indexFor). Each instance of the app keeps its own and catches
 * up before each search by reading the change log after the last entry it applied, so several
 * instances on one database stay consistent without talking to each other.
 */

/** Grid cells of a quarter degree: a 10-mile search touches a few, a 100-mile one about 150. */
const GRID = new Grid(0.25);
/** More pending changes than this and a full reload is cheaper than applying them one by one. */
const FULL_RELOAD_AT = 5000;
/** The change-log entry for an edit of the practice-area taxonomy. */
const TAXONOMY = 0;
/** How many recent versions changedSince() can tell apart. */
const RECENT_VERSIONS = 1000;
/** Change-log entries kept by prune(); above FULL_RELOAD_AT, so an instance that missed pruned entries reloads. */
export const CHANGES_KEPT = 10_000;
/**
 * A missing id in the change log is either a transaction still open (PostgreSQL hands out ids
 * before commit, so they can commit out of order) or one that rolled back. After this long it is
 * taken to be a rollback.
 */
const GAP_PATIENCE_MS = 60_000;

const FORMAT_BITS: Record<Format, number> = { in_person: 1, online: 2, phone: 4 };
const MATCH_KINDS: MatchKind[] = ['office', 'online', 'travel', 'anywhere'];
const OFFICE = 0;
const ONLINE = 1;
const TRAVEL = 2;
const ANYWHERE = 3;


/** What the index needs to know about one mediator, as read from the database. */
interface MediatorFacts {
  id: number;
  name: string;
  headline: string;
  completeness: number;
  accepting_cases: number;
  accepting_confirmed_at: string | null;
  fee_min: number | null;
  free_consultation: number;
  fmt_in_person: number;
  fmt_online: number;
  fmt_phone: number;
  featured_tier: string | null;
  featured_from: string | null;
  featured_until: string | null;
}

interface Facts {
  mediators: MediatorFacts[];
  offices: { id: number; mediator_id: number; lat: number; lon: number }[];
  areas: { mediator_id: number; kind: string; country: string; region: string | null }[];
  practice: { mediator_id: number; practice_area: string }[];
  languages: { mediator_id: number; language: string }[];
}

/** A search, in the index's terms. Keyword matching is done by the database (text-search.ts). */
export interface IndexQuery extends Pick<SearchParams, 'practice' | 'language' | 'format' | 'maxFee' | 'freeConsultation' | 'accepting' | 'sort' | 'page'> {
  /** null: no place asked, every listed mediator who passes the filters ('anywhere'). */
  place: Omit<SearchLocation, 'label'> | null;
  /** With no place: only mediators who serve this country, or this state of it, online. */
  servedOnline?: ServedArea | null;
  radiusKm: number;
  /** Normalised keyword terms; with them, `keywordSlots` marks the mediators the database matched (see keywordSlots()). */
  terms: string[];
  keywordSlots: Uint8Array | null;
  /** Results are ranked far enough to show `page` (1-based) of this many. */
  pageSize: number;
  now: Date;
}

/** One ranked mediator, with what the results page shows that the index already knows. */
export interface IndexHit {
  mediatorId: number;
  name: string;
  match: MatchKind;
  distanceKm: number | null;
  /** The nearest office inside the radius (its address is read from the database for the page). */
  officeId: number | null;
  score: number;
  featured: boolean;
  acceptingCases: boolean;
  acceptingConfirmedAt: string | null;
  formats: Format[];
  feeMin: number | null;
  /** Every keyword starts a word of the name or headline (otherwise it was found in the bio). */
  keywordInTitle: boolean;
}

export interface IndexResult {
  total: number;
  /** The requested page in order; empty when the page is past the end. */
  page: IndexHit[];
  /** Featured members who match, are not on the page and have this page's slots (rotateFeatured). */
  featured: IndexHit[];
}

export interface IndexStats {
  mediators: number;
  offices: number;
  loadedAt: number;
  loadMs: number;
  /** Change-log entries applied since the last full load. */
  changesApplied: number;
}

// Each mediator's ranking facts as one record of RECORD numbers. The master copy lives in
// `records` by slot; every office in the grid and every service-area list carries its own copy,
// so a search reads its candidates' facts in sequence instead of jumping around memory (measured:
// the jump per candidate was most of a search's time).
const RECORD = 8;
const R_FLAGS = 0;
const R_FEE = 1; // NaN: no fee given
const R_COMPLETENESS = 2;
const R_CONFIRMED = 3; // epoch ms, NaN: never confirmed
const R_PRACTICE = 4; // Tags bit mask
const R_LANGUAGES = 5; // Tags bit mask
const R_ID = 6;
const R_SLOT = 7;
// Flag bits: the three formats are FORMAT_BITS (1, 2, 4).
const F_FREE = 8;
const F_ACCEPTING = 16;
const F_LISTED = 32;
const F_FEATURED_TIER = 64;
// Offices in a grid cell, packed in one array: latitude, longitude, its cosine, office id, then the record.
const O_LAT = 0;
const O_LON = 1;
const O_COS = 2;
const O_ID = 3;
const O_RECORD = 4;
const OFFICE_ENTRY = O_RECORD + RECORD;

export class SearchIndex {
  private slotOf = new Map<number, number>();
  private records = new Float64Array(RECORD * 1024);
  private slots = 0;
  // Read for the page only, or for ties and keywords.
  private names: string[] = [];
  /** Name and headline, normalised, with a space before every word: keywordInTitle reads it. */
  private titles: string[] = [];
  private confirmedAt: (string | null)[] = [];
  /** A featured tier's dates as epoch ms (±Infinity when open-ended); see isFeaturedNow in rows.ts. */
  private featuredFrom: number[] = [];
  private featuredUntil: number[] = [];
  /** Grid cells holding each slot's offices, and the service-area lists holding the slot. */
  private cellsOf: number[][] = [];
  private areaKeysOf: string[][] = [];
  private officeCount = 0;

  private practice = new Tags(R_PRACTICE);
  private languages = new Tags(R_LANGUAGES);
  private cells = new Map<number, number[]>();
  /** Slots serving a country or region online or by travel, by areaKey. */
  private areas = new Map<string, number[]>();

  // Scratch space for one search (searches run one at a time: rank() is synchronous).
  private generation = 0;
  /** Per slot: the search that last looked at it, and its candidate number then (−1: filtered out). */
  private marks = new Int32Array(0);
  private candidateSlot = new Int32Array(0);
  /** NaN until distanceOf works it out from the haversine. */
  private candidateDistance = new Float64Array(0);
  private candidateHaversine = new Float64Array(0);
  private candidateOffice = new Float64Array(0);
  private candidateMatch = new Uint8Array(0);
  /** Practice-area hits × 256 + language hits, for fit. */
  private candidateHits = new Uint16Array(0);
  // Copied from the record when admitted, so scoring and ordering read them in sequence.
  private candidateFlags = new Uint8Array(0);
  private candidateFee = new Float64Array(0);
  private candidateCompleteness = new Float64Array(0);
  private candidateConfirmed = new Float64Array(0);
  private candidateId = new Float64Array(0);
  /** Best match only: the most a candidate's score can be (see rank). */
  private candidateBound = new Float64Array(0);
  /** NaN until score() works it out. */
  private candidateScore = new Float64Array(0);

  // Keeping up with the change log.
  private watermark = 0;
  private pendingGaps = new Map<number, number>();
  private applied = new Set<number>();
  private syncing: Promise<void> | null = null;
  private loaded = false;
  /** The practice-area taxonomy, in its order, as of the last sync (search validates and names areas from it). */
  practiceAreas: PracticeArea[] = [];
  /** Bumped whenever the indexed data changes; caches keyed on it (keyword matches) catch up through changedSince. */
  version = 0;
  /** The mediators each recent version changed (since the last full load), oldest first. */
  private recent: { version: number; ids: number[] }[] = [];
  stats: IndexStats = { mediators: 0, offices: 0, loadedAt: 0, loadMs: 0, changesApplied: 0 };

  constructor(private readonly db: Db) {}

  /** Brings the index up to date with the database; concurrent callers share one catch-up. */
  sync(): Promise<void> {
    this.syncing ??= (this.loaded ? this.catchUp() : this.loadAll()).finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async loadAll(): Promise<void> {
    const started = performance.now();
    // Read the log position first: anything written while loading is applied again later, harmlessly.
    const last = await this.db.selectFrom('directory_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    const [facts, areas] = await Promise.all([this.fetch(null), listPracticeAreas(this.db)]);
    // From here on synchronous, so no search ever sees a half-built index.
    const fresh = new SearchIndex(this.db);
    fresh.addAll(facts);
    fresh.practiceAreas = areas;
    const { syncing } = this;
    Object.assign(this, fresh, { syncing, version: this.version + 1, loaded: true, watermark: Number(last?.id ?? 0), recent: [] });
    this.stats = { mediators: this.slotOf.size, offices: this.officeCount, loadedAt: Date.now(), loadMs: performance.now() - started, changesApplied: 0 };
  }

  private async catchUp(): Promise<void> {
    const since = Math.min(this.watermark, ...[...this.pendingGaps.keys()].map((gap) => gap - 1));
    const rows = await this.db
      .selectFrom('directory_changes')
      .select(['id', 'mediator_id'])
      .where('id', '>', since)
      .orderBy('id')
      .limit(FULL_RELOAD_AT + 1)
      .execute();
    const fresh = rows.filter((r) => !this.applied.has(Number(r.id)));
    if (!fresh.length) return;
    if (fresh.length > FULL_RELOAD_AT) return this.loadAll();

    // Mediator id 0 stands for the practice-area taxonomy (migration 2026-11-26-06).
    const taxonomy = fresh.some((r) => r.mediator_id === TAXONOMY);
    const changed = [...new Set(fresh.map((r) => r.mediator_id))].filter((id) => id !== TAXONOMY);
    const none: Facts = { mediators: [], offices: [], areas: [], practice: [], languages: [] };
    const [facts, areas] = await Promise.all([changed.length ? this.fetch(changed) : none, taxonomy ? listPracticeAreas(this.db) : null]);
    // Synchronous from here: searches see each mediator either before or after the change.
    for (const id of changed) this.remove(id);
    this.addAll(facts);
    if (areas) this.practiceAreas = areas;
    this.version++;
    this.recent.push({ version: this.version, ids: changed });
    if (this.recent.length > RECENT_VERSIONS) this.recent.shift();
    this.stats.changesApplied += fresh.length;
    this.stats.mediators = this.slotOf.size;
    this.stats.offices = this.officeCount;

    // Move the watermark over every id seen; remember holes below it until they fill or time out.
    const now = Date.now();
    for (const r of fresh) {
      const id = Number(r.id);
      this.applied.add(id);
      this.pendingGaps.delete(id);
      for (let gap = this.watermark + 1; gap < id; gap++) if (!this.applied.has(gap)) this.pendingGaps.set(gap, now);
      this.watermark = Math.max(this.watermark, id);
    }
    for (const [gap, seen] of this.pendingGaps) if (now - seen > GAP_PATIENCE_MS) this.pendingGaps.delete(gap);
    const floor = Math.min(this.watermark, ...[...this.pendingGaps.keys()].map((gap) => gap - 1));
    for (const id of this.applied) if (id <= floor) this.applied.delete(id);
  }

  /**
   * The mediators changed after `version`, or null when that is too long ago to tell (a full
   * reload since, or more than RECENT_VERSIONS changes): then everything may have changed.
   */
  changedSince(version: number): number[] | null {
    if (version === this.version) return [];
    const first = this.recent[0];
    if (!first || first.version > version + 1) return null;
    return [...new Set(this.recent.filter((r) => r.version > version).flatMap((r) => r.ids))];
  }

  /**
   * The ids of listed mediators whose featured tier runs at `nowMs`, in id order: the home page's
   * and /featured's list, read here rather than by scanning the mediators table on every page.
   */
  featuredIds(nowMs: number): number[] {
    const ids: number[] = [];
    const rec = this.records;
    for (let s = 0; s < this.slots; s++) {
      const flags = rec[s * RECORD + R_FLAGS]!;
      if (flags & F_LISTED && flags & F_FEATURED_TIER && this.featuredFrom[s]! <= nowMs && this.featuredUntil[s]! > nowMs) ids.push(rec[s * RECORD + R_ID]!);
    }
    return ids.sort((a, b) => a - b);
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

  /** Reads what the index holds about listed mediators: all of them, or these ids. */
  private async fetch(ids: number[] | null): Promise<Facts> {
    if (ids && ids.length > 500) {
      const parts: Facts[] = [];
      for (const batch of chunks(ids, 500)) parts.push(await this.fetch(batch));
      return {
        mediators: parts.flatMap((p) => p.mediators),
        offices: parts.flatMap((p) => p.offices),
        areas: parts.flatMap((p) => p.areas),
        practice: parts.flatMap((p) => p.practice),
        languages: parts.flatMap((p) => p.languages),
      };
    }
    const { db } = this;
    const mediators = db
      .selectFrom('mediators')
      .select(['id', 'name', 'headline', 'completeness', 'accepting_cases', 'accepting_confirmed_at', 'fee_min', 'free_consultation', 'fmt_in_person', 'fmt_online', 'fmt_phone', 'featured_tier', 'featured_from', 'featured_until'])
      .where('status', '=', 'published');
    const offices = db.selectFrom('offices').select(['id', 'mediator_id', 'lat', 'lon']).orderBy('id');
    const areas = db.selectFrom('service_areas').select(['mediator_id', 'kind', 'country', 'region']).orderBy('id');
    const practice = db.selectFrom('mediator_practice_areas').select(['mediator_id', 'practice_area']);
    const languages = db.selectFrom('mediator_languages').select(['mediator_id', 'language']);
    // Rows of mediators who are not listed are read on a full load too, and skipped by addAll.
    const [m, o, a, p, l] = await Promise.all([
      (ids ? mediators.where('id', 'in', ids) : mediators).execute(),
      (ids ? offices.where('mediator_id', 'in', ids) : offices).execute(),
      (ids ? areas.where('mediator_id', 'in', ids) : areas).execute(),
      (ids ? practice.where('mediator_id', 'in', ids) : practice).execute(),
      (ids ? languages.where('mediator_id', 'in', ids) : languages).execute(),
    ]);
    return { mediators: m, offices: o, areas: a, practice: p, languages: l };
  }

  private addAll(f: Facts): void {
    for (const m of f.mediators) this.add(m);
    for (const p of f.practice) this.slotFor(p.mediator_id, (s) => this.practice.add(this.records, s, p.practice_area));
    for (const l of f.languages) this.slotFor(l.mediator_id, (s) => this.languages.add(this.records, s, l.language));
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
      (m.featured_tier ? F_FEATURED_TIER : 0) |
      F_LISTED;
    rec[r + R_FEE] = m.fee_min ?? Number.NaN;
    rec[r + R_COMPLETENESS] = m.completeness;
    rec[r + R_CONFIRMED] = m.accepting_confirmed_at ? Date.parse(m.accepting_confirmed_at) : Number.NaN;
    rec[r + R_PRACTICE] = 0;
    rec[r + R_LANGUAGES] = 0;
    rec[r + R_ID] = m.id;
    rec[r + R_SLOT] = s;
    this.names[s] = m.name;
    this.titles[s] = ` ${normalise(`${m.name} ${m.headline}`)}`;
    this.confirmedAt[s] = m.accepting_confirmed_at;
    this.featuredFrom[s] = m.featured_from ? Date.parse(m.featured_from) : -Infinity;
    this.featuredUntil[s] = m.featured_until ? Date.parse(m.featured_until) : Infinity;
    this.cellsOf[s] = [];
    this.areaKeysOf[s] = [];
  }

  /** Takes a mediator out (their slot stays, unlisted; a full reload compacts). */
  private remove(mediatorId: number): void {
    const s = this.slotOf.get(mediatorId);
    if (s === undefined) return;
    this.slotOf.delete(mediatorId);
    this.records[s * RECORD + R_FLAGS] = 0;
    for (const cell of new Set(this.cellsOf[s]!)) {
      const kept = withoutSlot(this.cells.get(cell)!, OFFICE_ENTRY, O_RECORD + R_SLOT, s);
      this.officeCount -= (this.cells.get(cell)!.length - kept.length) / OFFICE_ENTRY;
      this.cells.set(cell, kept);
    }
    for (const key of new Set(this.areaKeysOf[s]!)) this.areas.set(key, withoutSlot(this.areas.get(key)!, RECORD, R_SLOT, s));
    this.cellsOf[s] = [];
    this.areaKeysOf[s] = [];
  }

  /**
   * Finds, scores and orders every listed mediator matching the query, keeping only the page
   * asked for and the featured members. The rules are ranking.ts's; search.ts explains them.
   */
  rank(q: IndexQuery): IndexResult {
    const n = this.slots;
    if (this.candidateSlot.length < n) {
      const size = Math.max(n, this.candidateSlot.length * 2, 1024);
      this.marks = new Int32Array(2 * size);
      this.candidateSlot = new Int32Array(size);
      this.candidateDistance = new Float64Array(size);
      this.candidateHaversine = new Float64Array(size);
      this.candidateOffice = new Float64Array(size);
      this.candidateMatch = new Uint8Array(size);
      this.candidateHits = new Uint16Array(size);
      this.candidateFlags = new Uint8Array(size);
      this.candidateFee = new Float64Array(size);
      this.candidateCompleteness = new Float64Array(size);
      this.candidateConfirmed = new Float64Array(size);
      this.candidateId = new Float64Array(size);
      this.candidateScore = new Float64Array(size);
      this.candidateBound = new Float64Array(size);
      this.generation = 0;
    }
    if (this.generation > 2_000_000_000) {
      this.marks.fill(0);
      this.generation = 0;
    }
    const gen = ++this.generation;
    const filter = this.compileFilter(q);
    const { marks, records } = this;

    // Candidates, as parallel arrays: one per mediator, with their nearest office in the radius.
    const slots = this.candidateSlot;
    const distances = this.candidateDistance;
    const havs = this.candidateHaversine;
    /** Works out distances[c] from the haversine once (void: see the comparators). */
    const measure = (c: number): void => {
      if (distances[c]! !== distances[c]!) distances[c] = kmFromHaversine(havs[c]!);
    };
    const offices = this.candidateOffice;
    const matches = this.candidateMatch;
    const hits = this.candidateHits;
    const cFlags = this.candidateFlags;
    const cFee = this.candidateFee;
    const cCompleteness = this.candidateCompleteness;
    const cConfirmed = this.candidateConfirmed;
    const cId = this.candidateId;
    let total = 0;
    /**
     * Looks at a mediator (their record at list[at]) for the first time in this search: the
     * candidate number, or −1. The caller sets the distance and office: passing a fresh double
     * into a function that is not inlined would box it, one allocation per office.
     */
    const admit = (list: ArrayLike<number>, at: number, match: number): number => {
      const s = list[at + R_SLOT]!;
      marks[2 * s] = gen;
      const h = filter(list, at);
      if (h < 0) return (marks[2 * s + 1] = -1);
      slots[total] = s;
      distances[total] = Infinity;
      havs[total] = Infinity;
      offices[total] = -1;
      matches[total] = match;
      hits[total] = h;
      cFlags[total] = list[at + R_FLAGS]!;
      cFee[total] = list[at + R_FEE]!;
      cCompleteness[total] = list[at + R_COMPLETENESS]!;
      cConfirmed[total] = list[at + R_CONFIRMED]!;
      cId[total] = list[at + R_ID]!;
      scores[total] = Number.NaN;
      return (marks[2 * s + 1] = total++);
    };

    const first = (q.page - 1) * q.pageSize;
    const k = first + q.pageSize;
    // Service-area matches whose score (or, by distance, whose missing distance) cannot reach
    // the page are counted but not kept: in big cities that is nearly all of them. keepAbove is
    // the score they would need; officeTop the page's candidates from the offices.
    let keepAbove = -Infinity;
    let officeTop: number[] | null = null;
    let counted = 0;

    // Scores are worked out when ordering needs them (score), not for every candidate: most
    // cannot reach the page, which an upper bound on their score shows more cheaply.
    const scores = this.candidateScore;
    const nowMs = q.now.getTime();
    const formatWanted = q.format.reduce((bits, f) => bits | FORMAT_BITS[f], 0);
    const practiceAsked = q.practice.length;
    const languageAsked = q.language.length;
    const formatAsked = q.format.length;
    const radiusKm = q.radiusKm;
    /** Works out scores[c] once. Returns nothing: a returned double is boxed (see the comparators). */
    const score = (c: number): void => {
      if (scores[c]! === scores[c]!) return;
      const match = matches[c]!;
      measure(c);
      const proximity = match === OFFICE ? Math.max(0, 1 - distances[c]! / radiusKm) : match === ANYWHERE ? 0 : SERVICE_AREA_PROXIMITY;
      const flags = cFlags[c]!;
      // The fit shares are added in this fixed order so every search sums them the same way.
      let sum = 0;
      let parts = 0;
      if (practiceAsked) (sum += (hits[c]! >> 8) / practiceAsked), parts++;
      if (languageAsked) (sum += (hits[c]! & 255) / languageAsked), parts++;
      if (formatAsked) (sum += bitCount(flags & formatWanted) / formatAsked), parts++;
      if (q.terms.length) (sum += this.keywordInTitle(slots[c]!, q.terms) ? 1 : BIO_ONLY_KEYWORD_FIT), parts++;
      scores[c] = bestMatch(proximity, parts ? sum / parts : 1, cCompleteness[c]! / 100, freshnessAt((flags & F_ACCEPTING) !== 0, cConfirmed[c]!, nowMs));
    };
    // Each candidate's most possible score: fit and freshness as full marks (freshness only when
    // availability was confirmed at all), the distance at least 2R·√h as asin(x) ≥ x, plus a
    // millionth for the rounding in bestMatch. Worked out in one pass over typed arrays; ranking
    // skips a candidate whose bound is below the score of the worst one it keeps.
    const w = RANKING_WEIGHTS;
    const fixedMost = w.fit + 1e-6;
    const bounds = q.sort === 'match' ? this.candidateBound : null;
    const [wProximity, wCompleteness, wFreshness] = [w.proximity, w.completeness, w.freshness];
    const perKm = (2 * EARTH_RADIUS_KM) / radiusKm;
    /** bounds[c] for candidates from..to−1. */
    const bound = (from: number, to: number): void => {
      if (!bounds) return;
      // `most` only ever holds fractions: a local that is sometimes the integer 0 and sometimes a
      // fraction is kept boxed by V8, one allocation per candidate (measured: 180 KB a search).
      for (let c = from; c < to; c++) {
        const match = matches[c]!;
        let most = wCompleteness * (cCompleteness[c]! / 100) + fixedMost;
        if (match === OFFICE) {
          const proximity = 1 - perKm * Math.sqrt(havs[c]!);
          if (proximity > 0) most += wProximity * proximity;
        } else if (match !== ANYWHERE) most += wProximity * SERVICE_AREA_PROXIMITY;
        if (cFlags[c]! & F_ACCEPTING && cConfirmed[c] === cConfirmed[c]) most += wFreshness;
        bounds[c] = most;
      }
    };
    /** Whether a service-area entry not yet admitted (its record at list[at]) could score keepAbove or more. */
    const serviceAreaCanReach = (list: ArrayLike<number>, at: number): boolean => {
      const confirmed = list[at + R_CONFIRMED]!;
      let most = wProximity * SERVICE_AREA_PROXIMITY + wCompleteness * (list[at + R_COMPLETENESS]! / 100) + fixedMost;
      if (list[at + R_FLAGS]! & F_ACCEPTING && confirmed === confirmed) most += wFreshness;
      return most >= keepAbove;
    };

    // Comparators return −1, 0 or 1: a computed double returned from a call that is not inlined
    // is boxed, and ranking makes tens of thousands of these calls per search.
    const idOf = (c: number) => cId[c]!;
    const byName = (a: number, b: number) => {
      const na = this.names[slots[a]!]!;
      const nb = this.names[slots[b]!]!;
      return na < nb ? -1 : na > nb ? 1 : idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0;
    };
    /** Ascending, by the haversine (it grows with the distance); two mediators without a distance (Infinity) tie. */
    const byDistance = (a: number, b: number) => (havs[a]! < havs[b]! ? -1 : havs[a]! > havs[b]! ? 1 : 0);
    const byScore = (a: number, b: number) => {
      score(a);
      score(b);
      return scores[a]! > scores[b]! ? -1 : scores[a]! < scores[b]! ? 1 : 0;
    };
    /** Ascending; unknown fees last, tied among themselves. */
    const byFee = (a: number, b: number) => {
      const fa = cFee[a]! === cFee[a]! ? cFee[a]! : Infinity;
      const fb = cFee[b]! === cFee[b]! ? cFee[b]! : Infinity;
      return fa < fb ? -1 : fa > fb ? 1 : 0;
    };
    const order: Record<Sort, (a: number, b: number) => number> = {
      match: (a, b) => byScore(a, b) || byDistance(a, b) || byName(a, b),
      distance: (a, b) => byDistance(a, b) || byScore(a, b) || byName(a, b),
      fee: (a, b) => byFee(a, b) || byDistance(a, b) || byName(a, b),
    };

    if (q.place) {
      const { lat, lon } = q.place;
      const cos = cosLat(lat);
      // The haversine at the radius, with a margin for rounding either way.
      const atRadius = Math.sin(radiusKm / (2 * EARTH_RADIUS_KM)) ** 2;
      const surelyIn = atRadius * (1 - 1e-9);
      const surelyOut = atRadius * (1 + 1e-9);
      const box = boundingBox(q.place, radiusKm);
      for (const cell of GRID.cellsCovering(box)) {
        const list = this.cells.get(cell);
        if (!list) continue;
        for (let i = 0; i < list.length; i += OFFICE_ENTRY) {
          const oLat = list[i + O_LAT]!;
          // In or out of the circle by the haversine alone; the arcsine only right at the edge.
          const h = haversine(lat, lon, cos, oLat, list[i + O_LON]!, list[i + O_COS]!);
          if (h > surelyOut || (h > surelyIn && kmFromHaversine(h) > radiusKm)) continue;
          const s = list[i + O_RECORD + R_SLOT]!;
          if (marks[2 * s] !== gen) {
            const c = admit(list, i + O_RECORD, OFFICE);
            if (c >= 0) {
              havs[c] = h;
              distances[c] = Number.NaN;
              offices[c] = list[i + O_ID]!;
            }
          } else {
            const c = marks[2 * s + 1]!;
            if (c >= 0 && h < havs[c]!) {
              havs[c] = h;
              distances[c] = Number.NaN;
              offices[c] = list[i + O_ID]!;
            }
          }
        }
      }
      if (total >= k && q.sort !== 'fee') {
        bound(0, total);
        officeTop = smallest(total, k, order[q.sort], bounds ? { bounds, scores, score } : undefined);
        const worst = officeTop[k - 1]!;
        score(worst);
        keepAbove = q.sort === 'match' ? scores[worst]! : Infinity;
      }
      const officeCount = total;
      // Online outranks travel as the more useful way to meet; an office in the radius outranks both.
      const wantsOnline = !q.format.length || q.format.includes('online');
      const wantsTravel = !q.format.length || q.format.includes('in_person');
      const kinds = [...(wantsOnline ? [ONLINE] : []), ...(wantsTravel ? [TRAVEL] : [])];
      const regions = q.place.region ? ['', q.place.region] : [''];
      for (const kind of kinds) {
        for (const region of regions) {
          const list = this.areas.get(areaKey(q.place.country, region, kind));
          if (!list) continue;
          for (let i = 0; i < list.length; i += RECORD) {
            const s = list[i + R_SLOT]!;
            if (marks[2 * s] === gen) continue;
            // Featured members are kept whatever their score: they may get a featured slot.
            if (keepAbove === -Infinity || list[i + R_FLAGS]! & F_FEATURED_TIER || serviceAreaCanReach(list, i)) {
              admit(list, i, kind);
              continue;
            }
            marks[2 * s] = gen;
            marks[2 * s + 1] = -1;
            if (filter(list, i) >= 0) counted++;
          }
        }
      }
      if (officeTop) {
        // The page comes from the offices' best and the service-area matches kept for their bound.
        bound(officeCount, total);
        const contenders = [...officeTop];
        for (let c = officeCount; c < total; c++) if (!bounds || bounds[c]! >= keepAbove) contenders.push(c);
        officeTop = smallest(0, k, order[q.sort], bounds ? { bounds, scores, score } : undefined, contenders);
      }
    } else if (q.servedOnline) {
      // Who says they meet clients in the country online, or in this state of it.
      const { country, region } = q.servedOnline;
      for (const r of region ? ['', region] : ['']) {
        const list = this.areas.get(areaKey(country, r, ONLINE));
        if (!list) continue;
        for (let i = 0; i < list.length; i += RECORD) {
          if (marks[2 * list[i + R_SLOT]!] !== gen) admit(list, i, ONLINE);
        }
      }
    } else {
      for (let s = 0; s < n; s++) {
        if (records[s * RECORD + R_FLAGS]! & F_LISTED) admit(records, s * RECORD, ANYWHERE);
      }
    }

    const featured: number[] = [];
    for (let c = 0; c < total; c++) {
      if (cFlags[c]! & F_FEATURED_TIER) {
        const s = slots[c]!;
        if (this.featuredFrom[s]! <= nowMs && this.featuredUntil[s]! > nowMs) featured.push(c);
      }
    }

    let top: number[];
    if (officeTop) top = officeTop.slice(first);
    else {
      bound(0, total);
      top = first < total ? smallest(total, k, order[q.sort], bounds ? { bounds, scores, score } : undefined).slice(first) : [];
    }

    const hit = (c: number): IndexHit => {
      const s = slots[c]!;
      const r = s * RECORD;
      const flags = records[r + R_FLAGS]!;
      const fee = records[r + R_FEE]!;
      return {
        mediatorId: records[r + R_ID]!,
        name: this.names[s]!,
        match: MATCH_KINDS[matches[c]!]!,
        distanceKm: matches[c] === OFFICE ? (measure(c), distances[c]!) : null,
        officeId: offices[c]! >= 0 ? offices[c]! : null,
        score: (score(c), scores[c]!),
        featured: (flags & F_FEATURED_TIER) !== 0 && this.featuredFrom[s]! <= nowMs && this.featuredUntil[s]! > nowMs,
        acceptingCases: (flags & F_ACCEPTING) !== 0,
        acceptingConfirmedAt: this.confirmedAt[s]!,
        formats: (Object.keys(FORMAT_BITS) as Format[]).filter((f) => flags & FORMAT_BITS[f]),
        feeMin: Number.isNaN(fee) ? null : fee,
        keywordInTitle: q.terms.length > 0 && this.keywordInTitle(s, q.terms),
      };
    };
    const onPage = new Set(top);
    return {
      total: total + counted,
      page: top.map(hit),
      featured: rotateFeatured(
        featured.filter((c) => !onPage.has(c)).sort((a, b) => idOf(a) - idOf(b)),
        q.now,
        q.page,
      ).map(hit),
    };
  }

  /**
   * The visitor's filters as one test per mediator: −1 when it fails, else the practice-area
   * hits × 256 + the language hits (for fit).
   */
  private compileFilter(q: IndexQuery): (list: ArrayLike<number>, at: number) => number {
    const formatWanted = q.format.reduce((bits, f) => bits | FORMAT_BITS[f], 0);
    const flagsWanted = (q.freeConsultation ? F_FREE : 0) | (q.accepting ? F_ACCEPTING : 0);
    const practice = this.practice.counter(q.practice);
    const languages = this.languages.counter(q.language);
    const { keywordSlots } = q;
    const maxFee = q.maxFee ?? Infinity;
    const hasMaxFee = q.maxFee !== undefined;
    return (list, at) => {
      const flags = list[at + R_FLAGS]!;
      if (formatWanted && !(flags & formatWanted)) return -1;
      if ((flags & flagsWanted) !== flagsWanted) return -1;
      if (hasMaxFee && !(list[at + R_FEE]! <= maxFee)) return -1;
      if (keywordSlots && keywordSlots[list[at + R_SLOT]!] !== 1) return -1;
      let practiceHits = 0;
      if (practice) {
        practiceHits = practice(list, at);
        if (!practiceHits) return -1;
      }
      let languageHits = 0;
      if (languages) {
        languageHits = languages(list, at);
        if (!languageHits) return -1;
      }
      return practiceHits * 256 + languageHits;
    };
  }

  private keywordInTitle(s: number, terms: string[]): boolean {
    // normalise() leaves single spaces between words, and terms are letters and digits only.
    const title = this.titles[s]!;
    return terms.every((t) => title.includes(` ${t}`));
  }
}

const areaKey = (country: string, region: string, kind: number) => `${country}\u0000${region}\u0000${kind}`;


/** A packed list without the entries of one slot. */
function withoutSlot(list: number[], stride: number, slotAt: number, slot: number): number[] {
  const kept: number[] = [];
  for (let i = 0; i < list.length; i += stride) if (list[i + slotAt] !== slot) for (let j = 0; j < stride; j++) kept.push(list[i + j]!);
  return kept;
}

function bitCount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Tags of one kind (practice areas, languages) for every mediator: the first 31 values seen as
 * bits of a number in the mediator's record, so a filter is an AND and a bit count; any beyond in
 * a list.
 */
class Tags {
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

/**
 * The k smallest of 0..n−1 under `cmp`, in order: a bounded max-heap, so ranking 30,000
 * candidates to show twenty costs about 30,000 comparisons, not a full sort. With `prune`, when
 * `cmp` orders by score first, a candidate whose score bound is below the worst kept one's score
 * is passed over without a comparison (nor a score). With `among`, ranks those numbers instead of 0..n−1.
 */
export function smallest(
  n: number,
  k: number,
  cmp: (a: number, b: number) => number,
  prune?: { bounds: Float64Array; scores: Float64Array; score: (c: number) => void },
  among?: number[],
): number[] {
  if (among) n = among.length;
  if (k >= n) return (among ? [...among] : Array.from({ length: n }, (_, i) => i)).sort(cmp);
  // A max-heap (the worst kept candidate at the root) in a typed array; swaps through a
  // temporary, as a destructuring swap allocates an array each time.
  const heap = new Int32Array(k);
  let size = 0;
  const bounds = prune?.bounds;
  const scores = prune?.scores;
  for (let j = 0; j < n; j++) {
    const c = among ? among[j]! : j;
    if (size < k) {
      let i = size++;
      heap[i] = c;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (cmp(heap[i]!, heap[parent]!) <= 0) break;
        const t = heap[i]!;
        heap[i] = heap[parent]!;
        heap[parent] = t;
        i = parent;
      }
    } else {
      if (bounds && scores) {
        // Ranked by score first: c cannot displace the worst kept if its bound is below that score.
        const worst = heap[0]!;
        if (scores[worst]! !== scores[worst]!) prune!.score(worst);
        if (bounds[c]! < scores[worst]!) continue;
      }
      if (cmp(c, heap[0]!) >= 0) continue;
      heap[0] = c;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (l < size && cmp(heap[l]!, heap[worst]!) > 0) worst = l;
        if (r < size && cmp(heap[r]!, heap[worst]!) > 0) worst = r;
        if (worst === i) break;
        const t = heap[i]!;
        heap[i] = heap[worst]!;
        heap[worst] = t;
        i = worst;
      }
    }
  }
  return Array.from(heap).sort(cmp);
}

const indexes = new WeakMap<Db, SearchIndex>();

/** The search index of this database handle, made on first use. */
export function indexFor(db: Db): SearchIndex {
  let index = indexes.get(db);
  if (!index) indexes.set(db, (index = new SearchIndex(db)));
  return index;
}

/** Lets go of a database handle's index (its memory goes once no search holds it). */
export function forgetIndex(db: Db): void {
  indexes.delete(db);
}

/** Drops change-log entries no instance needs (run at start-up). */
export async function pruneChanges(db: Db): Promise<void> {
  const last = await db.selectFrom('directory_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const keepFrom = Number(last?.id ?? 0) - CHANGES_KEPT;
  if (keepFrom > 0) await db.deleteFrom('directory_changes').where('id', '<=', keepFrom).execute();
}
