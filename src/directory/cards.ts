import type { Db } from '../db/database.ts';
import { feeOf } from './rows.ts';
import type { IndexHit, SearchIndex } from './search-index.ts';
import type { PracticeArea, SearchHit } from './types.ts';
import { hideEmailAddresses } from '../web/markdown.ts';

/** The rest of what a result card shows, beyond what the search index knows. */
export interface CardDetails {
  slug: string;
  headline: string;
  office: SearchHit['office'];
  based: SearchHit['based'];
  photoUrl: string | null;
  fee: SearchHit['fee'];
  practiceAreas: PracticeArea[];
  languages: string[];
}

interface Cached {
  slug: string;
  headline: string;
  photoUrl: string | null;
  fee: SearchHit['fee'];
  practice: string[];
  languages: string[];
  offices: Map<number, NonNullable<SearchHit['office']>>;
  based: SearchHit['based'];
}

/** Mediators whose card details are kept (a few MB); the least recently shown go first. */
const CACHE_SIZE = 5000;

/**
 * Card details of recently shown mediators, per search index. The same mediators top many
 * searches, and reading their rows is most of what a search costs after ranking, so they are
 * kept and dropped when the index reports them changed.
 */
class CardCache {
  private entries = new Map<number, Cached>();
  private version: number;

  constructor(private readonly index: SearchIndex) {
    this.version = index.version;
  }

  /** Forgets the mediators changed since the last call (everything, after a full reload). */
  private catchUp(): void {
    if (this.version === this.index.version) return;
    const changed = this.index.changedSince(this.version);
    if (changed) for (const id of changed) this.entries.delete(id);
    else this.entries.clear();
    this.version = this.index.version;
  }

  async details(db: Db, shown: IndexHit[], areas: PracticeArea[]): Promise<Map<number, CardDetails>> {
    this.catchUp();
    const missing = shown.filter((h) => {
      const c = this.entries.get(h.mediatorId);
      return !c || (h.officeId !== null && !c.offices.has(h.officeId));
    });
    if (missing.length) await this.load(db, missing);

    const position = new Map(areas.map((a, i) => [a.slug, i]));
    const out = new Map<number, CardDetails>();
    for (const h of shown) {
      const c = this.entries.get(h.mediatorId);
      if (!c) continue; // unlisted since it was ranked
      this.entries.delete(h.mediatorId);
      this.entries.set(h.mediatorId, c); // most recently shown last
      out.set(h.mediatorId, {
        slug: c.slug,
        headline: c.headline,
        photoUrl: c.photoUrl,
        fee: c.fee,
        office: h.officeId === null ? null : (c.offices.get(h.officeId) ?? null),
        based: c.based,
        practiceAreas: c.practice
          .filter((slug) => position.has(slug))
          .sort((a, b) => position.get(a)! - position.get(b)!)
          .map((slug) => areas[position.get(slug)!]!),
        languages: c.languages,
      });
    }
    while (this.entries.size > CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
    return out;
  }

  private async load(db: Db, hits: IndexHit[]): Promise<void> {
    const ids = hits.map((h) => h.mediatorId);
    const officeIds = hits.flatMap((h) => (h.officeId === null ? [] : [h.officeId]));
    // Practice areas and languages come from the index, which holds them for its filters.
    const [rows, offices, firstOffices] = await Promise.all([
      db
        .selectFrom('mediators')
        .select(['id', 'slug', 'headline', 'photo_url', 'fee_min', 'fee_max', 'fee_currency', 'free_consultation', 'sliding_scale', 'fee_split'])
        .where('id', 'in', ids)
        .where('status', '=', 'published')
        .execute(),
      officeIds.length
        ? db.selectFrom('offices').select(['id', 'mediator_id', 'city', 'region', 'country', 'lat', 'lon']).where('id', 'in', officeIds).execute()
        : Promise.resolve([]),
      // Where each is based: their first office, for cards that match by a service area.
      db.selectFrom('offices').select(['mediator_id', 'city', 'region', 'country']).where('mediator_id', 'in', ids).orderBy('id').execute(),
    ]);
    for (const r of rows) {
      const tags = this.index.tagsOf(r.id);
      if (!tags) continue; // unlisted since it was ranked
      const c: Cached = this.entries.get(r.id) ?? {
        slug: r.slug,
        headline: hideEmailAddresses(r.headline),
        photoUrl: r.photo_url,
        fee: feeOf(r),
        practice: tags.practice,
        languages: tags.languages,
        offices: new Map(),
        based: null,
      };
      const first = firstOffices.find((o) => o.mediator_id === r.id);
      c.based = first ? { city: first.city, region: first.region, country: first.country } : null;
      for (const o of offices) if (o.mediator_id === r.id) c.offices.set(o.id, { city: o.city, region: o.region, country: o.country, lat: o.lat, lon: o.lon });
      this.entries.set(r.id, c);
    }
  }
}

const caches = new WeakMap<SearchIndex, CardCache>();

/** The card details of the mediators shown on a results page (cached per index). */
export function cardDetails(db: Db, index: SearchIndex, shown: IndexHit[], areas: PracticeArea[]): Promise<Map<number, CardDetails>> {
  let cache = caches.get(index);
  if (!cache) caches.set(index, (cache = new CardCache(index)));
  return cache.details(db, shown, areas);
}
