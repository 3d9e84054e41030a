import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Faker, base, en, en_AU, en_CA, en_GB, en_IN, en_US, es_MX, fr, fr_CA, vi, type LocaleDefinition } from '@faker-js/faker';
import { languageName } from '../directory/languages.ts';
import type { Engine } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { FeeSplit, MediatorStatus } from '../db/schema.ts';
import { insertMediators, slugify } from '../directory/write.ts';
import type { Credential, Format, MediatorInput, Office, ServiceArea } from '../directory/types.ts';
import { haversineKm } from '../geo/distance.ts';
import { DEMO_ARTICLES } from './articles.ts';
import { DEFAULT_CATEGORIES, ensureCategories } from '../articles/categories.ts';
import { authorForMediator, editorsAuthor } from '../articles/authors.ts';
import { createArticle } from '../articles/write.ts';
import { HERO_RATIO, HERO_WIDTHS, storeHero } from '../articles/hero.ts';
import { HeroArt } from '../articles/views/hero-art.tsx';
import { rebuildRelated } from '../articles/related.ts';
import type { HeroImage } from '../articles/types.ts';

/**
 * Demo data: synthetic mediators spread over real cities by population, so the directory, search
 * and benchmarks behave as they would with a real roster. Every person, address, credential and
 * biography here is invented (faker names, templated text written for Concord).
 *
 * Deterministic: the same count, seed and `now` give the same rows, byte for byte. All randomness
 * comes from one seeded generator plus seeded faker instances, consumed in a fixed order; cities
 * and postal codes are read in a fixed order too.
 *
 * The demo publication (seedDemoArticles, at the end) publishes the 40 pieces written for Concord
 * in src/demo/articles/ (Markdown); src/db/seed-articles.ts generates articles in bulk.
 */
export interface SeedOptions {
  mediators: number;
  seed: number;
  /** Do nothing when the directory already has mediators (first start of the app). */
  onlyIfEmpty?: boolean;
  /** Dates (created, confirmed, featured) are relative to this; default the current time. */
  now?: Date;
  log?: (msg: string) => void;
}

/** Inputs per `insertMediators` call; each batch is its own transaction. */
const BATCH = 2000;

export async function seedDemo(db: Db, engine: Engine, opts: SeedOptions): Promise<number> {
  const total = opts.mediators;
  if (!Number.isInteger(total) || total < 0) throw new Error(`mediators must be a whole number ≥ 0, got ${total}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (total === 0) return 0;
  if (opts.onlyIfEmpty) {
    const any = await db.selectFrom('mediators').select('id').limit(1).executeTakeFirst();
    if (any) return 0;
  }
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const demo = await demoMediators(db, opts.seed, now);

  let made = 0;
  while (made < total) {
    const size = Math.min(BATCH, total - made);
    const batch: MediatorInput[] = [];
    for (let i = 0; i < size; i++) batch.push(demo.next());
    await db.transaction().execute((trx) => insertMediators(trx, engine, batch, now));
    made += size;
    log(`seeded ${made} of ${total} mediators`);
  }
  return made;
}

/**
 * The demo mediators as inputs, one at a time, without writing anything: what seedDemo inserts,
 * and what a benchmark can time apart from the inserts. Reads the places table once.
 */
export async function demoMediators(db: Db, seed: number, now: Date): Promise<{ next(): MediatorInput }> {
  const generator = new Generator(await loadWorld(db), seed, now);
  return { next: () => generator.mediator() };
}

// ---------------------------------------------------------------------------------------------
// Places: candidate cities (weighted by population) and postal codes near them.

interface City {
  id: number;
  name: string;
  region: string;
  regionName: string;
  country: CountryCode;
  lat: number;
  lon: number;
  population: number;
}

interface PostalPoint {
  name: string;
  region: string;
  lat: number;
  lon: number;
}

type CountryCode = 'US' | 'CA' | 'GB' | 'AU';

interface CountryInfo {
  code: CountryCode;
  /** Share of mediators, in percent. */
  share: number;
  minPopulation: number;
  currency: string;
  name: string;
}

const COUNTRIES: CountryInfo[] = [
  { code: 'US', share: 85, minPopulation: 50_000, currency: 'USD', name: 'the United States' },
  { code: 'CA', share: 6, minPopulation: 100_000, currency: 'CAD', name: 'Canada' },
  { code: 'GB', share: 5, minPopulation: 100_000, currency: 'GBP', name: 'the United Kingdom' },
  { code: 'AU', share: 4, minPopulation: 100_000, currency: 'AUD', name: 'Australia' },
];
const COUNTRY = Object.fromEntries(COUNTRIES.map((c) => [c.code, c])) as Record<CountryCode, CountryInfo>;

/** Cumulative weights and a binary search: O(log n) per pick over ~1,000 cities. */
class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;
  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += Math.max(0, w)));
    this.total = sum;
  }
  get empty(): boolean {
    return this.total <= 0;
  }
  /** `r` in [0, 1). */
  pick(r: number): T {
    const target = r * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

interface World {
  countries: Weighted<CountryInfo>;
  cities: Map<CountryCode, Weighted<City>>;
  byCountry: Map<CountryCode, City[]>;
  /** Postal codes of a country bucketed by half-degree cell, for nearest look-ups in memory. */
  postal: Map<CountryCode, Map<number, PostalPoint[]>>;
}

/** Postal codes are bucketed in cells of 0.05° (about 5.5 km north to south). */
const POSTAL_CELL = 0.05;
/** Cells from the office's own to cover the ±0.3° the nearest code is looked for in. */
const POSTAL_RINGS = Math.ceil(0.3 / POSTAL_CELL);
const postalRow = (lat: number) => Math.floor((lat + 90) / POSTAL_CELL);
const postalColumn = (lon: number) => Math.floor((lon + 180) / POSTAL_CELL);
const postalKey = (row: number, column: number) => row * 10_000 + column;

/** Code-unit order, the same everywhere (unlike a database's collation). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function loadWorld(db: Db): Promise<World> {
  const rows = await db
    .selectFrom('places')
    .select(['id', 'name', 'region', 'region_name', 'country', 'lat', 'lon', 'population'])
    .where('kind', '=', 'city')
    .where((eb) =>
      eb.or(COUNTRIES.map((c) => eb.and([eb('country', '=', c.code), eb('population', '>=', c.minPopulation)]))),
    )
    .execute();
  // Sorted here, not in SQL: the engines collate text differently, and the order decides which
  // city a random number lands on. Ids are left out so that any load order gives the same data.
  rows.sort(
    (a, b) =>
      compare(a.country, b.country) || b.population - a.population || compare(a.name, b.name) ||
      compare(a.region, b.region) || a.lat - b.lat || a.lon - b.lon,
  );

  const byCountry = new Map<CountryCode, City[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    // A city listed under two names ('New York', 'New York City') would be picked twice as often.
    const key = `${r.country}:${r.lat}:${r.lon}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const city: City = { ...r, regionName: r.region_name || r.region, country: r.country as CountryCode };
    const list = byCountry.get(city.country) ?? [];
    list.push(city);
    byCountry.set(city.country, list);
  }
  const present = COUNTRIES.filter((c) => byCountry.has(c.code));
  if (!present.length) throw new Error('No cities in the places table: load places (loadPlaces) before seeding.');

  const cities = new Map<CountryCode, Weighted<City>>();
  for (const [code, list] of byCountry) cities.set(code, new Weighted(list, list.map((c) => c.population)));

  // One query for every postal code of the countries we use (about 43,000 rows) beats one
  // bounding-box query per city: `places` has no spatial index, so each would scan the table.
  const postalRows = await db
    .selectFrom('places')
    .select(['name', 'region', 'country', 'lat', 'lon'])
    .where('kind', '=', 'postal')
    .where('country', 'in', present.map((c) => c.code))
    .execute();
  postalRows.sort((a, b) => compare(a.country, b.country) || compare(a.name, b.name) || a.lat - b.lat || a.lon - b.lon);
  const postal = new Map<CountryCode, Map<number, PostalPoint[]>>();
  for (const p of postalRows) {
    const code = p.country as CountryCode;
    const grid = postal.get(code) ?? new Map<number, PostalPoint[]>();
    const key = postalKey(postalRow(p.lat), postalColumn(p.lon));
    const bucket = grid.get(key) ?? [];
    bucket.push({ name: p.name, region: p.region, lat: p.lat, lon: p.lon });
    grid.set(key, bucket);
    postal.set(code, grid);
  }

  return { countries: new Weighted(present, present.map((c) => c.share)), cities, byCountry, postal };
}

// ---------------------------------------------------------------------------------------------
// Randomness.

/** sfc32, seeded through splitmix32: fast, small and the same on every platform. */
class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number, stream: number) {
    let s = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b);
    const split = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 15; i++) this.next();
  }
  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** `k` distinct items, in the order drawn. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < k && pool.length) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
  /** One index drawn by weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

// ---------------------------------------------------------------------------------------------
// The vocabulary of the demo data.

/** Weights of practice areas; family work is most of the field. */
const PRACTICE_WEIGHTS: [string, number][] = [
  ['family', 40],
  ['workplace', 14],
  ['commercial', 12],
  ['community', 7],
  ['elder', 6],
  ['real-estate', 6],
  ['estate', 6],
  ['insurance', 5],
  ['construction', 4],
  ['healthcare', 3],
  ['education', 3],
  ['international', 2],
];

/** How a practice area reads inside a sentence ("… most of her cases involve ___ disputes"). */
const AREA_PHRASES: Record<string, string> = {
  family: 'family',
  workplace: 'workplace',
  commercial: 'business',
  construction: 'construction',
  elder: 'elder care',
  community: 'neighbour',
  international: 'cross-border',
  'real-estate': 'housing',
  estate: 'inheritance',
  healthcare: 'healthcare',
  insurance: 'insurance',
  education: 'school',
};

/** "___ mediator serving Austin". */
const AREA_TITLES: Record<string, string> = {
  family: 'Family',
  workplace: 'Workplace',
  commercial: 'Commercial',
  construction: 'Construction',
  elder: 'Elder',
  community: 'Community',
  international: 'International',
  'real-estate': 'Real estate',
  estate: 'Estate',
  healthcare: 'Healthcare',
  insurance: 'Insurance',
  education: 'Education',
};

const HEADLINES: Record<string, string[]> = {
  family: [
    'Family mediator helping parents build workable parenting plans',
    'Divorce and separation mediation that keeps children at the centre',
    'Calm, practical mediation for separating couples',
    'Helping families agree on parenting, property and support',
  ],
  workplace: ['Workplace mediator helping teams work together again', 'Resolving conflict between colleagues before it escalates'],
  commercial: ['Commercial mediator for contract and partnership disputes', 'Business disputes settled without the cost of court'],
  construction: ['Construction mediator for defects, delays and payment disputes'],
  elder: ['Elder mediation for families making care decisions together', 'Helping families plan care for an ageing parent'],
  community: ['Community mediator for neighbours and local groups', 'Neighbour disputes settled with a conversation, not a lawsuit'],
  international: ['Cross-border mediation for families and businesses'],
  'real-estate': ['Mediation for landlords, tenants and co-owners', 'Property and housing disputes resolved quickly and fairly'],
  estate: ['Estate mediation that helps families divide an inheritance fairly', 'Settling wills and trusts disputes without splitting the family'],
  healthcare: ['Healthcare mediator for patients, families and providers'],
  insurance: ['Insurance and injury claims settled through mediation', 'Experienced mediator for personal injury settlements'],
  education: ['Education mediator for parents, students and schools', 'Special education disputes resolved with the child in mind'],
};

const PRIOR_CAREERS = [
  'a family lawyer',
  'a litigator',
  'a teacher',
  'a social worker',
  'a human resources manager',
  'a project manager in construction',
  'a small-business owner',
  'a hospital administrator',
  'a union representative',
  'a financial planner',
  'a family therapist',
  'an insurance adjuster',
  'a property manager',
];


/** Occasional further languages per country, as probabilities. */
const OTHER_LANGUAGES: Record<CountryCode, [string, number][]> = {
  US: [['zh', 0.02], ['vi', 0.012], ['ko', 0.01], ['ar', 0.01], ['hi', 0.01], ['pt', 0.008], ['tl', 0.008]],
  CA: [['zh', 0.04], ['pa', 0.025], ['ar', 0.015], ['hi', 0.01], ['pt', 0.01], ['es', 0.03], ['tl', 0.01]],
  GB: [['pl', 0.015], ['ur', 0.02], ['hi', 0.015], ['ar', 0.01], ['pt', 0.01], ['es', 0.02], ['fr', 0.03], ['zh', 0.01]],
  AU: [['zh', 0.05], ['vi', 0.02], ['ar', 0.015], ['el', 0.015], ['it', 0.015], ['hi', 0.015], ['ko', 0.008]],
};
const SPANISH_STATES = new Set(['TX', 'CA', 'FL', 'AZ', 'NM']);

interface CredentialKind {
  title: string;
  /** Practice areas it goes with; empty for any. */
  areas: string[];
  issuers: string[];
}

// Invented issuers: generic-sounding, not the names of real organisations.
const CREDENTIALS: CredentialKind[] = [
  { title: 'Certified Family Mediator', areas: ['family'], issuers: ['Stonebridge Academy of Family Practice', 'Meridian Council for Dispute Resolution'] },
  { title: 'Parenting Coordination Certificate', areas: ['family'], issuers: ['Stonebridge Academy of Family Practice', 'Fairhaven Institute for Conflict Studies'] },
  { title: 'Collaborative Practice Training', areas: ['family', 'estate'], issuers: ['Harbourline Collaborative Practice Circle'] },
  { title: 'Certified Workplace Mediator', areas: ['workplace'], issuers: ['Kestrel Workplace Resolution Institute', 'Northbridge Institute of Mediation'] },
  {
    title: 'Registered Civil and Commercial Mediator',
    areas: ['commercial', 'construction', 'real-estate', 'insurance', 'international'],
    issuers: ['Meridian Council for Dispute Resolution', 'Regional Mediation Standards Board'],
  },
  { title: 'Elder Mediation Certificate', areas: ['elder', 'estate', 'healthcare'], issuers: ['Fairhaven Institute for Conflict Studies'] },
  { title: 'Construction Dispute Resolution Certificate', areas: ['construction'], issuers: ['Northbridge Institute of Mediation'] },
  { title: 'Special Education Mediation Training', areas: ['education'], issuers: ['Ridgeview University Center for Conflict Studies'] },
  { title: 'Community Mediation Practicum', areas: ['community', 'real-estate'], issuers: ['Lantern Street Community Mediation Service'] },
  { title: 'Advanced Certificate in Conflict Resolution', areas: [], issuers: ['Ridgeview University', 'Lakemont College'] },
  { title: 'Master of Dispute Resolution', areas: [], issuers: ['Lakemont College of Law', 'Ridgeview University'] },
  { title: 'Basic Mediation Training (40 hours)', areas: [], issuers: ['Northbridge Institute of Mediation', 'Regional Mediation Standards Board'] },
];

const OFFICE_LABELS = ['Main office', 'Downtown office', 'Head office'];
const EXTRA_OFFICE_LABELS = ['Branch office', 'Northside office', 'Westside office', 'Satellite office'];

// ---------------------------------------------------------------------------------------------
// Biography sentences, written for Concord. Each takes the facts it may mention.

interface Facts {
  first: string;
  city: string;
  regionName: string;
  countryName: string;
  years: number;
  areas: string[];
  formats: Format[];
  languages: string[];
  free: boolean;
  sliding: boolean;
  onlineOnly: boolean;
  prior: string;
  usSpelling: boolean;
}

type Sentence = (f: Facts) => string | null;

const yearsPhrase = (n: number) => (n === 1 ? 'a year' : `${n} years`);
const listPhrase = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const areaList = (f: Facts) => listPhrase(f.areas.map((a) => AREA_PHRASES[a] ?? a));
const spell = (f: Facts, text: string) => (f.usSpelling ? text.replace(/neighbour/g, 'neighbor').replace(/centre/g, 'center').replace(/ageing/g, 'aging') : text);

/** The first sentence: where and how long (exactly one, so facts never repeat). */
const OPENING: Sentence[] = [
  (f) => (f.onlineOnly ? `${f.first} has mediated online for ${yearsPhrase(f.years)}, working with clients across ${f.regionName}.` : `${f.first} has worked as a mediator in ${f.city} for ${yearsPhrase(f.years)}.`),
  (f) => `${f.first} mediates ${areaList(f)} matters for people across ${f.regionName}, and has done so for ${yearsPhrase(f.years)}.`,
  (f) => (f.years >= 10 ? `Over ${yearsPhrase(f.years)} of practice, ${f.first} has helped hundreds of people reach agreements they could keep.` : `${f.first} opened a mediation practice ${yearsPhrase(f.years)} ago after completing formal mediation training.`),
];

const INTRO: Sentence[] = [
  (f) => `Before turning to mediation, ${f.first} worked as ${f.prior}.`,
  (f) => `Most of ${f.first}'s cases involve ${areaList(f)} disputes.`,
  (f) => `${f.first} came to mediation after seeing how much a courtroom battle can cost people, in money and in goodwill.`,
  (f) => (f.onlineOnly ? null : `Clients come from ${f.city} and the towns around it, and from further afield for online sessions.`),
];

const APPROACH: Sentence[] = [
  () => 'Every mediation starts with a short private conversation with each party, so nobody walks into the first joint session unprepared.',
  () => 'The goal is an agreement both of you can live with, written in plain words you will still understand years from now.',
  () => 'Sessions move at a pace that suits the people in the room, with breaks whenever someone needs one.',
  () => 'When emotions run high, the conversation slows down rather than stops.',
  () => 'Each person gets time to be heard without interruption before anyone talks about solutions.',
  () => 'Practical questions come first: what needs deciding, by when, and what information is still missing.',
  () => 'Where it helps, the parties can sit in separate rooms while proposals are carried back and forth.',
  () => 'What is said in mediation stays in mediation unless everyone agrees otherwise.',
  () => 'Options are written on a shared page as the discussion goes, so everyone can see what is on the table.',
  () => 'A short checklist goes out before the first meeting, because mediation works best when documents arrive early.',
  () => 'A mediator takes no sides and gives neither party legal advice, so each of you is encouraged to get independent advice before signing anything.',
  () => 'Many disputes settle in one or two sessions; more tangled ones are broken into smaller questions and taken one at a time.',
  (f) => (f.areas.includes('family') ? "Children's needs stay at the centre of every conversation about parenting time." : null),
  (f) => (f.areas.includes('workplace') ? 'Workplace sessions often end with a short written plan for how colleagues will raise problems in future.' : null),
  (f) => (f.areas.includes('commercial') ? 'In business disputes the focus is on keeping a working relationship intact wherever that is still possible.' : null),
  (f) => (f.areas.includes('construction') ? 'Construction disputes are handled with the drawings, schedules and invoices on the table from the first day.' : null),
  (f) => (f.areas.includes('elder') ? "Conversations about an older relative's care include everyone who will share the load, and the relative too wherever possible." : null),
  (f) => (f.areas.includes('community') ? 'Disagreements between neighbours are often settled on site, walking the boundary together.' : null),
];

const PRACTICAL: Sentence[] = [
  (f) => {
    const ways = [
      f.formats.includes('in_person') ? `in person in ${f.city}` : null,
      f.formats.includes('online') ? 'by video' : null,
      f.formats.includes('phone') ? 'by phone' : null,
    ].filter((w): w is string => !!w);
    return ways.length ? `Sessions are available ${listPhrase(ways)}.` : null;
  },
  (f) => (f.languages.length > 1 ? `${f.first} mediates in ${listPhrase(f.languages.map(languageName))}.` : null),
  (f) => (f.free ? 'The first consultation is free and carries no obligation.' : null),
  (f) => (f.sliding ? 'Fees follow a sliding scale when cost would otherwise stand in the way.' : null),
  () => 'Evening and weekend appointments can be arranged on request.',
  (f) => (f.formats.includes('online') ? 'Anyone new to video sessions is offered a short test call beforehand.' : null),
  () => 'A written summary of what was agreed follows within a few days of the final session.',
];

const PERSONAL: Sentence[] = [
  (f) => `Outside paid work, ${f.first} volunteers with a local community mediation service.`,
  (f) => `${f.first} also trains new mediators and supervises practice hours for people working toward accreditation.`,
  (f) => (f.onlineOnly ? null : `${f.first} lives in ${f.city} and takes a keen interest in how people there settle disagreements without going to court.`),
  (f) => `When not mediating, ${f.first} can usually be found on a hiking trail or in the garden.`,
  (f) => `${f.first} believes that people in conflict usually know more about the way forward than any outsider does.`,
  (f) => `${f.first} keeps a small caseload so that every client gets prompt replies and unhurried sessions.`,
];

function paragraph(rng: Rng, sentences: Sentence[], facts: Facts, min: number, max: number): string[] {
  const usable = sentences.map((s) => s(facts)).filter((s): s is string => !!s);
  return rng.sample(usable, rng.int(min, max));
}

function composeBio(rng: Rng, facts: Facts): string {
  const opening = [...paragraph(rng, OPENING, facts, 1, 1), ...paragraph(rng, INTRO, facts, 1, 2)].join(' ');
  const paragraphs = [opening, paragraph(rng, APPROACH, facts, 2, 4).join(' ')];
  if (rng.chance(0.7)) {
    const practical = paragraph(rng, PRACTICAL, facts, 2, 3);
    // Some profiles use a list, so the Markdown renderer sees more than plain paragraphs.
    paragraphs.push(rng.chance(0.2) ? `**What to expect**\n\n${practical.map((s) => `- ${s}`).join('\n')}` : practical.join(' '));
  }
  if (rng.chance(0.4)) paragraphs.push(paragraph(rng, PERSONAL, facts, 1, 2).join(' '));
  return spell(facts, paragraphs.join('\n\n'));
}

// ---------------------------------------------------------------------------------------------
// Postal codes.

const LDU_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
/** First letter of Canadian postal codes by province. */
const CA_FSA_LETTER: Record<string, string> = {
  NL: 'A', NS: 'B', PE: 'C', NB: 'E', QC: 'H', ON: 'M', MB: 'R', SK: 'S', AB: 'T', BC: 'V', NT: 'X', NU: 'X', YT: 'Y',
};
/** Australian postcode ranges by state. */
const AU_POSTCODES: Record<string, [number, number]> = {
  NSW: [2000, 2599], ACT: [2600, 2618], VIC: [3000, 3999], QLD: [4000, 4999], SA: [5000, 5799], WA: [6000, 6797], TAS: [7000, 7499], NT: [800, 899],
};
/** Postcode areas of larger British cities (the letters before the district number). */
const GB_AREAS: Record<string, string[]> = {
  london: ['E', 'N', 'SE', 'SW', 'W', 'NW', 'EC', 'WC'], birmingham: ['B'], manchester: ['M'], leeds: ['LS'], glasgow: ['G'], sheffield: ['S'],
  bradford: ['BD'], edinburgh: ['EH'], liverpool: ['L'], bristol: ['BS'], cardiff: ['CF'], leicester: ['LE'], coventry: ['CV'], nottingham: ['NG'],
  'newcastle upon tyne': ['NE'], belfast: ['BT'], brighton: ['BN'], hull: ['HU'], 'kingston upon hull': ['HU'], plymouth: ['PL'], 'stoke-on-trent': ['ST'],
  wolverhampton: ['WV'], derby: ['DE'], southampton: ['SO'], portsmouth: ['PO'], aberdeen: ['AB'], swansea: ['SA'], reading: ['RG'], oxford: ['OX'],
  cambridge: ['CB'], york: ['YO'], 'milton keynes': ['MK'], northampton: ['NN'], norwich: ['NR'], luton: ['LU'], sunderland: ['SR'], dundee: ['DD'],
  bournemouth: ['BH'], exeter: ['EX'], ipswich: ['IP'], preston: ['PR'], bolton: ['BL'], middlesbrough: ['TS'], blackpool: ['FY'], peterborough: ['PE'],
};

// ---------------------------------------------------------------------------------------------
// The generator.

class Generator {
  private readonly rng: Rng;
  private readonly fakers: Record<'US' | 'CA' | 'GB' | 'AU' | 'es' | 'fr' | 'vi' | 'in', Faker>;
  private readonly nearby = new Map<number, City[]>();
  private readonly usedSlugs = new Set<string>();
  private readonly practice: Weighted<string>;

  constructor(
    private readonly world: World,
    seed: number,
    private readonly now: Date,
  ) {
    this.rng = new Rng(seed, 0);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    const make = (n: number, ...locales: LocaleDefinition[]) => {
      const f = new Faker({ locale: [...locales, en, base] });
      f.seed([lo, hi, n]);
      return f;
    };
    this.fakers = {
      US: make(1, en_US),
      CA: make(2, en_CA),
      GB: make(3, en_GB),
      AU: make(4, en_AU),
      es: make(5, es_MX),
      fr: make(6, fr_CA, fr),
      vi: make(7, vi),
      in: make(8, en_IN),
    };
    this.practice = new Weighted(PRACTICE_WEIGHTS.map(([s]) => s), PRACTICE_WEIGHTS.map(([, w]) => w));
  }

  mediator(): MediatorInput {
    const rng = this.rng;
    const country = this.world.countries.pick(rng.next());
    const city = this.world.cities.get(country.code)!.pick(rng.next());
    const onlineOnly = rng.chance(0.02);

    const languages = this.languages(city);
    const { name, first } = this.name(city, languages);
    const practiceAreas = this.practiceAreas();

    const officeCount = onlineOnly ? 0 : [1, 2, 3][rng.weighted([70, 22, 8])]!;
    const offices: Office[] = [];
    for (let i = 0; i < officeCount; i++) {
      const where = i === 0 || rng.chance(0.5) ? city : this.nearbyCity(city);
      const label = i === 0 ? rng.pick(OFFICE_LABELS) : where === city ? rng.pick(EXTRA_OFFICE_LABELS) : `${where.name} office`;
      offices.push(this.office(where, label));
    }

    const serviceAreas: ServiceArea[] = [];
    const reach = rng.next();
    if (onlineOnly) serviceAreas.push({ kind: 'online', country: city.country, region: reach < 0.35 ? null : city.region });
    else if (reach < 0.1) serviceAreas.push({ kind: 'online', country: city.country, region: null });
    else if (reach < 0.45) serviceAreas.push({ kind: 'online', country: city.country, region: city.region });
    if (!onlineOnly && rng.chance(0.15)) serviceAreas.push({ kind: 'travel', country: city.country, region: city.region });

    const formats: Format[] = [];
    if (offices.length) formats.push('in_person');
    // About 70% overall: everyone who serves a region online, and some of the rest.
    if (serviceAreas.some((a) => a.kind === 'online') || rng.chance(0.45)) formats.push('online');
    if (rng.chance(0.4)) formats.push('phone');

    const listsFee = rng.chance(0.95);
    const feeMin = listsFee ? roundTo5(rng.int(100, 300)) : null;
    const feeMax = feeMin == null ? null : feeMin + roundTo5(rng.int(0, 250));
    const freeConsultation = rng.chance(0.4);
    const slidingScale = rng.chance(0.25);
    const feeSplit = (['equal', 'by_agreement', 'varies', 'one_party'] as FeeSplit[])[rng.weighted([70, 15, 10, 5])]!;

    // More people early in a career than late; mediations grow with experience.
    const years = Math.min(35, 1 + Math.floor(35 * rng.next() ** 1.3));
    const mediationsCount = rng.chance(0.85) ? Math.max(1, Math.round(years * (8 + 32 * rng.next()))) : null;
    const credentials = this.credentials(practiceAreas, years);

    // Up to 200 days ago, most of them recent: about a third are stale (over 90 days).
    const confirmedDaysAgo = 200 * rng.next() ** 2;
    const acceptingCases = rng.chance(0.8);
    const acceptingConfirmedAt = this.daysAgo(confirmedDaysAgo);
    const createdDaysAgo = confirmedDaysAgo + rng.next() * 1500;
    const createdAt = this.daysAgo(createdDaysAgo);
    const status = (['published', 'draft', 'suspended'] as MediatorStatus[])[rng.weighted([97, 2, 1])]!;

    let featuredTier: string | null = null;
    let featuredFrom: string | null = null;
    let featuredUntil: string | null = null;
    const feature = rng.next();
    if (status === 'published' && feature < 0.04) {
      featuredTier = 'featured';
      // Never featured before the profile existed.
      const started = Math.min(createdDaysAgo, 1 + rng.next() * 300);
      if (feature < 0.03 || started < 31) {
        featuredFrom = this.daysAgo(Math.min(started, 120));
        featuredUntil = this.daysAgo(-(1 + rng.next() * 180));
      } else {
        // Expired: past placements stay on the row and must not count.
        featuredFrom = this.daysAgo(started);
        featuredUntil = this.daysAgo(1 + rng.next() * (started - 31));
      }
    }

    const facts: Facts = {
      first,
      city: city.name,
      regionName: city.regionName,
      countryName: country.name,
      years,
      areas: practiceAreas,
      formats,
      languages,
      free: freeConsultation,
      sliding: slidingScale,
      onlineOnly,
      prior: rng.pick(PRIOR_CAREERS),
      usSpelling: country.code === 'US',
    };
    const headlines = HEADLINES[practiceAreas[0]!] ?? HEADLINES.family!;
    const headline = rng.chance(0.15)
      ? `${AREA_TITLES[practiceAreas[0]!] ?? 'Family'} mediator serving ${onlineOnly ? city.regionName : city.name}`
      : spell(facts, rng.pick(headlines));

    return {
      slug: this.slug(name, city),
      name,
      headline,
      bio: composeBio(rng, facts),
      photoUrl: null,
      practiceAreas,
      languages,
      formats,
      feeMin,
      feeMax,
      feeCurrency: country.currency,
      freeConsultation,
      slidingScale,
      feeSplit,
      credentials,
      yearsInPractice: years,
      mediationsCount,
      acceptingCases,
      acceptingConfirmedAt,
      status,
      featuredTier,
      featuredFrom,
      featuredUntil,
      offices,
      serviceAreas,
      createdAt,
    };
  }

  private daysAgo(days: number): string {
    // Whole seconds: stable text on both engines.
    return new Date(this.now.getTime() - Math.round(days * 86_400) * 1000).toISOString();
  }

  private languages(city: City): string[] {
    const rng = this.rng;
    const langs = ['en'];
    if (city.country === 'US' && rng.chance(SPANISH_STATES.has(city.region) ? 0.32 : 0.12)) langs.push('es');
    if (city.country === 'CA' && rng.chance(city.region === 'QC' ? 0.3 : 0.08)) langs.push('fr');
    for (const [code, p] of OTHER_LANGUAGES[city.country]) if (rng.chance(p) && !langs.includes(code)) langs.push(code);
    return langs;
  }

  /** Names loosely follow languages spoken, as they would in a real roster. */
  private name(city: City, languages: string[]): { name: string; first: string } {
    const rng = this.rng;
    let faker = this.fakers[city.country];
    if (languages.includes('es') && city.country === 'US' && rng.chance(0.55)) faker = this.fakers.es;
    else if (languages.includes('fr') && city.country === 'CA' && rng.chance(0.7)) faker = this.fakers.fr;
    else if (languages.includes('vi') && rng.chance(0.7)) faker = this.fakers.vi;
    else if ((languages.includes('hi') || languages.includes('pa')) && rng.chance(0.7)) faker = this.fakers.in;
    const first = faker.person.firstName(rng.chance(0.55) ? 'female' : 'male');
    // es_MX surnames come as 'Valdés Alemán' or 'Muñiz de Vanegas'; in the US most people use one or two.
    const surnames = faker.person.lastName().split(' ').filter((w) => w !== 'de');
    const last = surnames.slice(0, faker === this.fakers.es && rng.chance(0.3) ? 2 : 1).join(' ');
    const middle = rng.chance(0.12) ? ` ${rng.pick([...'ABCDEFGHJKLMNPRSTW'])}.` : '';
    return { name: `${first}${middle} ${last}`, first };
  }

  private practiceAreas(): string[] {
    const rng = this.rng;
    const count = [1, 2, 3, 4][rng.weighted([35, 35, 20, 10])]!;
    const picked: string[] = [];
    for (let tries = 0; picked.length < count && tries < 20; tries++) {
      const area = this.practice.pick(rng.next());
      if (!picked.includes(area)) picked.push(area);
    }
    return picked;
  }

  private credentials(areas: string[], years: number): Credential[] {
    const rng = this.rng;
    const count = [0, 1, 2, 3][rng.weighted([20, 40, 28, 12])]!;
    const fitting = CREDENTIALS.filter((c) => !c.areas.length || c.areas.some((a) => areas.includes(a)));
    const thisYear = this.now.getUTCFullYear();
    return rng.sample(fitting, count).map((c) => ({
      title: c.title,
      issuer: rng.pick(c.issuers),
      year: rng.chance(0.85) ? thisYear - rng.int(0, years) : null,
    }));
  }

  private office(city: City, label: string): Office {
    const rng = this.rng;
    // Uniform over a disc of 8 km around the city centre.
    const km = 8 * Math.sqrt(rng.next());
    const angle = 2 * Math.PI * rng.next();
    const lat = round5(city.lat + (km * Math.cos(angle)) / 111.32);
    const lon = round5(city.lon + (km * Math.sin(angle)) / (111.32 * Math.cos((city.lat * Math.PI) / 180)));
    const faker = this.fakers[city.country];
    let address = faker.location.streetAddress();
    if (city.country !== 'GB' && rng.chance(0.25)) address += `, ${faker.location.secondaryAddress()}`;
    return {
      label,
      address,
      city: city.name,
      region: city.region,
      postalCode: this.postalCode(city, lat, lon),
      country: city.country,
      lat,
      lon,
    };
  }

  private postalCode(city: City, lat: number, lon: number): string {
    const rng = this.rng;
    const digit = () => String(rng.int(0, 9));
    switch (city.country) {
      case 'US':
        return this.nearestPostal(city, lat, lon) ?? '';
      case 'CA': {
        const fsa = this.nearestPostal(city, lat, lon) ?? `${CA_FSA_LETTER[city.region] ?? 'K'}${digit()}${rng.pick([...LDU_LETTERS])}`;
        return fsa.length === 3 ? `${fsa} ${digit()}${rng.pick([...LDU_LETTERS])}${digit()}` : fsa;
      }
      case 'GB': {
        const areas = GB_AREAS[city.name.toLowerCase()] ?? [city.name.replace(/[^A-Za-z]/g, '').slice(0, 2).toUpperCase() || 'GB'];
        const inward = `${digit()}${rng.pick([...INWARD_LETTERS])}${rng.pick([...INWARD_LETTERS])}`;
        return `${rng.pick(areas)}${rng.int(1, 20)} ${inward}`;
      }
      case 'AU': {
        const [min, max] = AU_POSTCODES[city.region] ?? [2000, 7999];
        return String(rng.int(min, max)).padStart(4, '0');
      }
    }
  }

  /**
   * The nearest postal code within 0.3° of the office, preferring the city's own state. Searches
   * rings of cells outward and stops once no unsearched cell can hold anything nearer: dense
   * cities have hundreds of ZIP codes within 0.3°.
   */
  private nearestPostal(city: City, lat: number, lon: number): string | null {
    const grid = this.world.postal.get(city.country);
    if (!grid) return null;
    const kmPerLon = 111.32 * Math.cos((lat * Math.PI) / 180);
    const row = postalRow(lat);
    const column = postalColumn(lon);
    let best: PostalPoint | null = null;
    let bestKm = Infinity;
    // Another state's code only when the city's own state has none within reach.
    let other: PostalPoint | null = null;
    let otherKm = Infinity;
    for (let ring = 0; ring <= POSTAL_RINGS; ring++) {
      for (let r = row - ring; r <= row + ring; r++) {
        for (let c = column - ring; c <= column + ring; c++) {
          if (Math.max(Math.abs(r - row), Math.abs(c - column)) !== ring) continue;
          for (const p of grid.get(postalKey(r, c)) ?? []) {
            if (Math.abs(p.lat - lat) > 0.3 || Math.abs(p.lon - lon) > 0.3) continue;
            // Equirectangular distance: exact enough to rank points a few kilometres apart.
            const km = Math.hypot((p.lat - lat) * 111.32, (p.lon - lon) * kmPerLon);
            const sameState = !p.region || p.region === city.region;
            if (sameState && km < bestKm) {
              best = p;
              bestKm = km;
            } else if (!sameState && km < otherKm) {
              other = p;
              otherKm = km;
            }
          }
        }
      }
      // Everything within `ring` whole cells of the office's cell has been seen.
      if (best && bestKm <= ring * POSTAL_CELL * Math.min(111.32, kmPerLon)) break;
    }
    return (best ?? other)?.name ?? null;
  }

  /** Another candidate city within 60 km, or the same city when there is none. */
  private nearbyCity(city: City): City {
    let list = this.nearby.get(city.id);
    if (!list) {
      list = (this.world.byCountry.get(city.country) ?? []).filter(
        (c) => c.id !== city.id && Math.abs(c.lat - city.lat) < 0.6 && haversineKm(c, city) <= 60,
      );
      this.nearby.set(city.id, list);
    }
    return list.length ? this.rng.pick(list) : city;
  }

  /** Name-based; a second person of the same name gets the city added. insertMediators numbers any rest. */
  private slug(name: string, city: City): string {
    let slug = slugify(name);
    if (this.usedSlugs.has(slug)) slug = `${slug}-${slugify(city.name)}`.slice(0, 80);
    this.usedSlugs.add(slug);
    return slug;
  }
}

const roundTo5 = (n: number) => Math.round(n / 5) * 5;
const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

// ---------------------------------------------------------------------------------------------
// The demo publication: the 40 pieces in src/demo/articles/.

export interface DemoArticleOptions {
  /** Publication dates count back from this (each piece's daysAgo). */
  now: Date;
  /** config.articleImageDir: where the generated hero images go. */
  imageDir: string;
  log?: (msg: string) => void;
}

/**
 * Publishes the demo articles, news summaries and videos, each with a generated hero image,
 * when the publication has no articles yet. Bylines go to the first 12 demo mediators (no
 * account) by id, news summaries to the editors. Returns how many were made (0 when there were
 * articles already, or no demo mediators to write them).
 */
export async function seedDemoArticles(db: Db, engine: Engine, opts: DemoArticleOptions): Promise<number> {
  if (await db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) return 0;
  const writers = await db.selectFrom('mediators').select('id').where('user_id', 'is', null).orderBy('id').limit(12).execute();
  if (!writers.length) return 0;
  const log = opts.log ?? (() => {});
  const started = performance.now();

  // Images first, outside the transaction: encoding takes a few seconds and holds no lock.
  const heroes: HeroImage[] = [];
  for (const item of DEMO_ARTICLES) heroes.push(await demoHero(opts.imageDir, item.slug, item.heroAlt));

  const made = await db.transaction().execute(async (trx) => {
    await ensureCategories(trx, DEFAULT_CATEGORIES);
    const editors = await editorsAuthor(trx, opts.now);
    const authors = new Map<number, number>();
    for (const [i, item] of DEMO_ARTICLES.entries()) {
      let authorId = editors;
      if (item.author >= 0) {
        const mediatorId = writers[item.author % writers.length]!.id;
        authorId = authors.get(mediatorId) ?? (await authorForMediator(trx, mediatorId, opts.now));
        authors.set(mediatorId, authorId);
      }
      await createArticle(
        trx,
        {
          kind: item.kind,
          slug: item.slug,
          title: item.title,
          excerpt: item.excerpt ?? '',
          body: item.body,
          sourceName: item.sourceName ?? null,
          sourceUrl: item.sourceUrl ?? null,
          videoUrl: item.videoUrl ?? null,
          videoSeconds: item.videoSeconds ?? null,
          categories: item.categories,
          tags: item.tags,
          hero: heroes[i]!,
          authorIds: [authorId],
          status: 'published',
          publishedAt: new Date(opts.now.getTime() - item.daysAgo * DAY_MS).toISOString(),
        },
        { engine, userId: null, now: opts.now },
      );
    }
    // Publishing one by one weighed each piece's terms against the pieces before it; now that
    // all are in, weigh and rank them all together.
    await rebuildRelated(trx, { now: opts.now });
    return DEMO_ARTICLES.length;
  });
  log(`created ${made} demo articles, news summaries and videos in ${Math.round(performance.now() - started)} ms`);
  return made;
}

const DAY_MS = 86_400_000;

/**
 * The hero of a demo piece: its slug's generated art (the same a piece without an image shows),
 * encoded by storeHero like an upload. The files are named by a hash of the picture, so seeding
 * another database on the same data folder reuses them instead of encoding them again.
 */
async function demoHero(dir: string, slug: string, alt: string): Promise<HeroImage> {
  const svg = await HeroArt({ slug });
  const image = crypto.createHash('sha256').update(svg).digest('hex').slice(0, 32);
  const widths = HERO_WIDTHS.map((w) => path.join(dir, `${image}-${w}.webp`));
  const biggest = HERO_WIDTHS[HERO_WIDTHS.length - 1]!;
  const hero = { image, alt, width: biggest, height: Math.round(biggest * HERO_RATIO) };
  if (widths.every((f) => fs.existsSync(f))) return hero;
  const stored = await storeHero(dir, await sharp(Buffer.from(svg)).png().toBuffer(), alt);
  if (!stored.ok) throw new Error(`demo hero ${slug}: ${stored.problem}`);
  for (const w of HERO_WIDTHS) fs.renameSync(path.join(dir, `${stored.hero.image}-${w}.webp`), path.join(dir, `${image}-${w}.webp`));
  return hero;
}
