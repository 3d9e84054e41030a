import { EARTH_RADIUS_KM, boundingBox, cosLat, haversine, kmFromHaversine } from '../../geo/distance.ts';
import { BIO_ONLY_KEYWORD_FIT, RANKING_WEIGHTS, SERVICE_AREA_PROXIMITY, bestMatch, freshnessAt, pickFeatured } from '../ranking.ts';
import { feeInUsd } from '../currency.ts';
import type { Format, MatchKind, SearchLocation, SearchParams, ServedArea, Sort } from '../types.ts';
import {
  ANYWHERE,
  FORMAT_BITS,
  F_ACCEPTING,
  F_FEATURED_TIER,
  F_FREE,
  F_LISTED,
  GRID,
  MATCH_KINDS,
  OFFICE,
  OFFICE_ENTRY,
  ONLINE,
  O_COS,
  O_ID,
  O_LAT,
  O_LON,
  O_RECORD,
  RECORD,
  R_COMPLETENESS,
  R_CONFIRMED,
  R_FEE,
  R_FLAGS,
  R_ID,
  R_SLOT,
  TRAVEL,
  areaKey,
  bitCount,
  type PackedStore,
} from './store.ts';
import { smallest } from './top-k.ts';

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
  /** The currency of `maxFee`; each mediator's fee is converted (currency.ts) before comparing. */
  feeCurrency: string;
  /** Only members (state 'member') of this association, and on this panel of it (ids; search.ts resolves the slugs). */
  associationId?: number | null;
  panelId?: number | null;
  /** Results are ranked far enough to show `page` (1-based) of this many. */
  pageSize: number;
  now: Date;
  /**
   * Whose featured grants fill the featured places: the site's (null, the default) or, in an
   * association's own directory, that association's (its id). Never both.
   */
  featuredBy?: number | null;
  /** How often each featured grant was shown so far: the least shown get the slots (pickFeatured). */
  featuredShown?: (grantId: number) => number;
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
  /** Featured for this search: a grant of theirs runs now in a region holding the searched place. */
  featured: boolean;
  /** That grant, whose impression this showing is. */
  grantId: number | null;
  acceptingCases: boolean;
  acceptingConfirmedAt: string | null;
  formats: Format[];
  /** The lowest hourly fee in US dollars, for comparing (currency.ts); null when not comparable. */
  feeMinUsd: number | null;
  /** Every keyword starts a word of the name or headline (otherwise it was found in the bio). */
  keywordInTitle: boolean;
}

export interface IndexResult {
  total: number;
  /** The requested page in order; empty when the page is past the end. */
  page: IndexHit[];
  /** Featured members who match, are not on the page and have this page's slots (pickFeatured). */
  featured: IndexHit[];
}

/** Ranks the packed store for a search; holds the candidates' scratch space between searches. */
export class Ranker {
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

  /**
   * Finds, scores and orders every listed mediator matching the query, keeping only the page
   * asked for and the featured members. The rules are ranking.ts's; search.ts explains them.
   */
  rank(store: PackedStore, q: IndexQuery): IndexResult {
    const n = store.slots;
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
    const filter = this.compileFilter(store, q);
    const { marks } = this;
    const { records } = store;

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
      if (q.terms.length) (sum += store.keywordInTitle(slots[c]!, q.terms) ? 1 : BIO_ONLY_KEYWORD_FIT), parts++;
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
      const na = store.names[slots[a]!]!;
      const nb = store.names[slots[b]!]!;
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
        const list = store.cells.get(cell);
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
          const list = store.areas.get(areaKey(q.place.country, region, kind));
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
        const list = store.areas.get(areaKey(country, r, ONLINE));
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

    // A featured member is featured for this search only where a running grant's region holds the
    // place searched (or the area asked for online); a search with neither features nobody.
    const featuredPlace = q.place ?? (q.servedOnline ? { country: q.servedOnline.country, region: q.servedOnline.region } : null);
    const grantOf = new Map<number, number>();
    if (featuredPlace) {
      for (let c = 0; c < total; c++) {
        if (!(cFlags[c]! & F_FEATURED_TIER)) continue;
        const grant = store.grantFor(slots[c]!, nowMs, featuredPlace, q.featuredBy ?? null);
        if (grant) grantOf.set(c, grant);
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
        name: store.names[s]!,
        match: MATCH_KINDS[matches[c]!]!,
        distanceKm: matches[c] === OFFICE ? (measure(c), distances[c]!) : null,
        officeId: offices[c]! >= 0 ? offices[c]! : null,
        score: (score(c), scores[c]!),
        featured: grantOf.has(c),
        grantId: grantOf.get(c) ?? null,
        acceptingCases: (flags & F_ACCEPTING) !== 0,
        acceptingConfirmedAt: store.confirmedAt[s]!,
        formats: (Object.keys(FORMAT_BITS) as Format[]).filter((f) => flags & FORMAT_BITS[f]),
        feeMinUsd: Number.isNaN(fee) ? null : fee,
        keywordInTitle: q.terms.length > 0 && store.keywordInTitle(s, q.terms),
      };
    };
    const onPage = new Set(top);
    return {
      total: total + counted,
      page: top.map(hit),
      featured: pickFeatured(
        [...grantOf.keys()].filter((c) => !onPage.has(c)).sort((a, b) => idOf(a) - idOf(b)),
        (c) => q.featuredShown?.(grantOf.get(c)!) ?? 0,
        q.now,
        q.page,
      ).map(hit),
    };
  }

  /**
   * The visitor's filters as one test per mediator: −1 when it fails, else the practice-area
   * hits × 256 + the language hits (for fit).
   */
  private compileFilter(store: PackedStore, q: IndexQuery): (list: ArrayLike<number>, at: number) => number {
    const formatWanted = q.format.reduce((bits, f) => bits | FORMAT_BITS[f], 0);
    const flagsWanted = (q.freeConsultation ? F_FREE : 0) | (q.accepting ? F_ACCEPTING : 0);
    const practice = store.practice.counter(q.practice);
    const languages = store.languages.counter(q.language);
    const { dead, associationsOf, panelsOf } = store;
    const { keywordSlots } = q;
    const associationId = q.associationId ?? null;
    const panelId = q.panelId ?? null;
    // The budget in US dollars, worked out the way each fee is (feeInUsd), so a budget in the
    // mediator's own currency compares exactly: 200 CAD passes a budget of 200 CAD.
    const maxFee = q.maxFee === undefined ? Infinity : feeInUsd(q.maxFee, q.feeCurrency);
    const hasMaxFee = q.maxFee !== undefined;
    return (list, at) => {
      // A removed mediator's entries stay in the lists until compacted (see PackedStore.remove).
      if (dead[list[at + R_SLOT]!]) return -1;
      const flags = list[at + R_FLAGS]!;
      if (formatWanted && !(flags & formatWanted)) return -1;
      if ((flags & flagsWanted) !== flagsWanted) return -1;
      if (hasMaxFee && !(list[at + R_FEE]! <= maxFee)) return -1;
      if (keywordSlots && keywordSlots[list[at + R_SLOT]!] !== 1) return -1;
      if (associationId !== null && !associationsOf[list[at + R_SLOT]!]!.includes(associationId)) return -1;
      if (panelId !== null && !panelsOf[list[at + R_SLOT]!]!.includes(panelId)) return -1;
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
}
