import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { followerFor, type ChangeFollower, type Position } from './index/follower.ts';
import { Ranker, type IndexQuery, type IndexResult } from './index/rank.ts';
import { PackedStore, readFacts, type Facts, type GrantFacts } from './index/store.ts';
import type { PlaceForFeatured } from './featured/regions.ts';
import { listLanguages } from './languages.ts';
import { listPracticeAreas } from './practice-areas.ts';
import type { Language, PracticeArea } from './types.ts';

export type { IndexHit, IndexQuery, IndexResult } from './index/rank.ts';

/**
 * The directory's search index: what ranking needs about every listed mediator, held in memory
 * (index/store.ts) and kept in step with the database through the `directory_changes` log that
 * triggers write (index/follower.ts). A search then ranks every candidate without reading rows
 * (index/rank.ts, index/top-k.ts), and keeps only the page it shows; the page's details are read
 * from the database afterwards.
 *
 * Memory: about 0.9 KB per listed mediator once loaded, 1 KB once a search has sized the
 * ranking's working arrays (V8's heap and the typed arrays together, with the demo data's 1.35
 * offices and 0.62 service areas per mediator; `npm run bench:index-memory`, docs/benchmarks.md).
 *
 * One index per database handle (indexFor). Each instance of the app keeps its own and catches
 * up before each search from where it last read the log, so several instances on one database
 * stay consistent without talking to each other.
 */

/** More pending changes than this and a full reload is cheaper than applying them one by one. */
const FULL_RELOAD_AT = 5000;
/** The change-log entry for an edit of the taxonomy: practice areas or languages. */
const TAXONOMY = 0;
/** How many recent versions changedSince() can tell apart. */
const RECENT_VERSIONS = 1000;
/** Numbers compacted per turn of the event loop (a list at a time): about a millisecond's work. */
const COMPACT_BUDGET = 250_000;
/** How often each instance prunes the change log (start-up prunes too, in prepareDatabase). */
export const PRUNE_EVERY_MS = 10 * 60_000;

const NO_FACTS: Facts = { mediators: [], offices: [], areas: [], practice: [], languages: [], associations: [], panels: [], grants: [] };

export interface IndexStats {
  mediators: number;
  offices: number;
  loadedAt: number;
  loadMs: number;
  /** Change-log entries applied since the last full load. */
  changesApplied: number;
}

export class SearchIndex {
  private store = new PackedStore();
  private readonly ranker = new Ranker();
  private readonly follower: ChangeFollower;
  /** Where this index stands in the change log; null until the first full load. */
  private position: Position | null = null;
  /** The catch-up under way, and the one callers arriving meanwhile wait for. */
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private compacting = false;
  /** The practice-area taxonomy, in its order, as of the last sync (search validates and names areas from it). */
  practiceAreas: PracticeArea[] = [];
  /** The languages, hidden ones included, by name, as of the last sync (search validates and names languages from them). */
  languages: Language[] = [];
  /** Their names by code. */
  languageNames: ReadonlyMap<string, string> = new Map();
  /** Bumped whenever the indexed data changes; caches keyed on it (keyword matches) catch up through changedSince. */
  version = 0;
  /** The mediators each recent version changed (since the last full load), oldest first. */
  private recent: { version: number; ids: number[] }[] = [];
  stats: IndexStats = { mediators: 0, offices: 0, loadedAt: 0, loadMs: 0, changesApplied: 0 };

  constructor(private readonly db: Db) {
    this.follower = followerFor(db);
  }

  /**
   * Brings the index up to date with the database: resolves after a catch-up that began after
   * this call, so a caller sees every write committed before it called (its own included).
   * Callers arriving while one runs share the next.
   */
  sync(): Promise<void> {
    if (!this.running) return this.start();
    // The catch-up under way may have read the log before the caller's write committed.
    if (!this.queued) {
      const queued: Promise<void> = this.running
        .catch(() => {})
        .then(() => {
          if (this.queued === queued) this.queued = null;
          return this.running ?? this.start();
        });
      this.queued = queued;
    }
    return this.queued;
  }

  private start(): Promise<void> {
    // Callers queued behind the previous catch-up are served by this one; later ones by the next.
    this.queued = null;
    const run = (this.position ? this.catchUp() : this.loadAll()).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async loadAll(): Promise<void> {
    const started = performance.now();
    // The position first: what commits while the facts are read is read again next time, harmlessly.
    const at = await this.follower.here();
    const [facts, areas, languages] = await Promise.all([readFacts(this.db, null), listPracticeAreas(this.db), listLanguages(this.db)]);
    // From here on synchronous, so no search ever sees a half-built index.
    const store = new PackedStore();
    store.addAll(facts);
    this.store = store;
    this.practiceAreas = areas;
    this.setLanguages(languages);
    this.position = at;
    this.version++;
    this.recent = [];
    this.stats = { mediators: store.slotOf.size, offices: store.officeCount, loadedAt: Date.now(), loadMs: performance.now() - started, changesApplied: 0 };
  }

  private async catchUp(): Promise<void> {
    const changes = await this.follower.after(this.position!, FULL_RELOAD_AT);
    if (!changes) return this.loadAll();
    const { mediatorIds, to } = changes;
    if (!mediatorIds.length) {
      this.position = to;
      return;
    }
    // Mediator id 0 stands for the taxonomy (migrations 2026-11-26-06, 2026-12-06-15).
    const taxonomy = mediatorIds.includes(TAXONOMY);
    const changed = [...new Set(mediatorIds)].filter((id) => id !== TAXONOMY);
    const [facts, areas, languages] = await Promise.all([
      changed.length ? readFacts(this.db, changed) : NO_FACTS,
      taxonomy ? listPracticeAreas(this.db) : null,
      taxonomy ? listLanguages(this.db) : null,
    ]);
    // Synchronous from here: searches see each mediator either before or after the change.
    const { store } = this;
    for (const id of changed) store.remove(id);
    store.addAll(facts);
    if (areas) this.practiceAreas = areas;
    if (languages) this.setLanguages(languages);
    this.position = to;
    this.version++;
    this.recent.push({ version: this.version, ids: changed });
    if (this.recent.length > RECENT_VERSIONS) this.recent.shift();
    this.stats.changesApplied += mediatorIds.length;
    this.stats.mediators = store.slotOf.size;
    this.stats.offices = store.officeCount;
    this.compactSoon();
  }

  private setLanguages(languages: Language[]): void {
    this.languages = languages;
    this.languageNames = new Map(languages.map((l) => [l.code, l.name]));
  }

  /** Drops removed mediators' entries from the lists in later turns of the event loop, a little at a time. */
  private compactSoon(): void {
    if (this.compacting || !this.store.compactionDue) return;
    this.compacting = true;
    const step = () => {
      if (this.store.compact(COMPACT_BUDGET)) setImmediate(step).unref();
      else this.compacting = false;
    };
    setImmediate(step).unref();
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

  /** Finds, scores and orders every listed mediator matching the query (see index/rank.ts). */
  rank(q: IndexQuery): IndexResult {
    return this.ranker.rank(this.store, q);
  }

  /** Listed mediators with a grant running at `nowMs` (in a region holding `place`, when given), in id order, each with that grant. */
  featuredIds(nowMs: number, place?: PlaceForFeatured | ((grant: GrantFacts) => boolean)): { mediatorId: number; grantId: number }[] {
    return this.store.featuredIds(nowMs, place);
  }

  /** A listed mediator's practice areas and languages (codes, sorted), or null when not listed. */
  tagsOf(mediatorId: number): { practice: string[]; languages: string[] } | null {
    return this.store.tagsOf(mediatorId);
  }

  /**
   * Marks these mediators (by id) in a per-slot map that rank() reads as `keywordSlots`; given an
   * existing map, marks them in it (grown when needed) so a cached map follows later changes.
   */
  keywordSlots(ids: Iterable<number>, into?: Uint8Array): Uint8Array {
    return this.store.keywordSlots(ids, into);
  }
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

/** Drops change-log entries no instance needs. */
export function pruneChanges(db: Db): Promise<void> {
  return followerFor(db).prune();
}

/** Prunes the change log every PRUNE_EVERY_MS while the server runs; stops on close. */
export async function changeLogPruner(app: FastifyInstance): Promise<void> {
  const { db } = app.deps;
  let running: Promise<void> = Promise.resolve();
  const every = setInterval(() => {
    running = running.then(() => pruneChanges(db)).catch((err: unknown) => app.log.error({ err }, 'pruning the directory change log failed'));
  }, PRUNE_EVERY_MS);
  every.unref();
  app.addHook('onClose', async () => {
    clearInterval(every);
    await running;
  });
}
