/**
 * Demo mediators: synthetic people spread over real cities by population, so the directory, search
 * and benchmarks behave as they would with a real roster. Each comes with offices, the areas they
 * serve online or travel to, practice areas, languages, fees, credentials and a biography. Every
 * person, address, credential and biography is invented (faker names, text written for Concord).
 *
 * Deterministic: the same seed and `now` give the same mediators, byte for byte. All randomness
 * comes from one seeded generator plus seeded faker instances, consumed in a fixed order; cities
 * and postal codes are read in a fixed order too.
 */
import { Faker, base, en, en_AU, en_CA, en_GB, en_IN, en_US, es_MX, fr, fr_CA, vi, type LocaleDefinition } from '@faker-js/faker';
import type { Db } from '../db/database.ts';
import type { FeeSplit, MediatorStatus } from '../db/schema.ts';
import { slugify } from '../directory/write.ts';
import type { Credential, Format, MediatorInput, Office, ServiceArea } from '../directory/types.ts';
import { haversineKm } from '../geo/distance.ts';
import { regionName } from '../geo/places.ts';
import { MAX_PER_REGION } from '../directory/featured/grants.ts';
import { regionLabel, type GrantRegion } from '../directory/featured/regions.ts';
import { loadWorld, type City, type CountryCode, type World } from './cities.ts';
import { loadPostalCodes, postalCode, type PostalCodes } from './postal-codes.ts';
import { composeBio, composeHeadline, CREDENTIALS, EXTRA_OFFICE_LABELS, OFFICE_LABELS, PRIOR_CAREERS, type Facts } from './profile-text.ts';
import { Rng, Weighted } from './random.ts';
import { listLanguages } from '../directory/languages.ts';

/**
 * Running featured places per region among the demo mediators: below MAX_PER_REGION, as the demo
 * grants made through the admins' service (featured.ts: country-wide, a state, a province) count
 * in every state too.
 */
export const DEMO_RUNNING_PER_REGION = MAX_PER_REGION - 4;

/**
 * The demo mediators as inputs, one at a time, without writing anything: what seedDemo inserts,
 * and what a benchmark can time apart from the inserts. Reads the places table once.
 */
export async function demoMediators(db: Db, seed: number, now: Date): Promise<{ next(): MediatorInput }> {
  const world = await loadWorld(db);
  // The languages admins offer (a hidden or deleted one is left out), named as they name them.
  const languages = new Map((await listLanguages(db)).filter((l) => !l.hidden).map((l) => [l.code, l.name]));
  const generator = new Generator(world, await loadPostalCodes(db, [...world.byCountry.keys()]), seed, now, languages);
  return { next: () => generator.mediator() };
}

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

/** Occasional further languages per country, as probabilities. */
const OTHER_LANGUAGES: Record<CountryCode, [string, number][]> = {
  US: [['zh', 0.02], ['vi', 0.012], ['ko', 0.01], ['ar', 0.01], ['hi', 0.01], ['pt', 0.008], ['tl', 0.008]],
  CA: [['zh', 0.04], ['pa', 0.025], ['ar', 0.015], ['hi', 0.01], ['pt', 0.01], ['es', 0.03], ['tl', 0.01]],
  GB: [['pl', 0.015], ['ur', 0.02], ['hi', 0.015], ['ar', 0.01], ['pt', 0.01], ['es', 0.02], ['fr', 0.03], ['zh', 0.01]],
  AU: [['zh', 0.05], ['vi', 0.02], ['ar', 0.015], ['el', 0.015], ['it', 0.015], ['hi', 0.015], ['ko', 0.008]],
};
const SPANISH_STATES = new Set(['TX', 'CA', 'FL', 'AZ', 'NM']);

/** Draws one mediator after another, every choice from one random sequence in a fixed order. */
class Generator {
  private readonly rng: Rng;
  private readonly fakers: Record<'US' | 'CA' | 'GB' | 'AU' | 'es' | 'fr' | 'vi' | 'in', Faker>;
  private readonly nearby = new Map<number, City[]>();
  private readonly usedSlugs = new Set<string>();
  /** Running featured grants per state or province: at most MAX_PER_REGION, as admins may grant. */
  private readonly featuredIn = new Map<string, number>();
  private readonly practice: Weighted<string>;

  constructor(
    private readonly world: World,
    private readonly postal: PostalCodes,
    seed: number,
    private readonly now: Date,
    private readonly languageNames: ReadonlyMap<string, string>,
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
      languages: languages.map((code) => this.languageNames.get(code) ?? code),
      free: freeConsultation,
      sliding: slidingScale,
      onlineOnly,
      prior: rng.pick(PRIOR_CAREERS),
      usSpelling: country.code === 'US',
    };
    const headline = composeHeadline(rng, facts);
    // Each featured place is granted for the state or province of the first office (the country's
    // where its states are not known), at most DEMO_RUNNING_PER_REGION running at once in one region.
    const base = offices[0] ?? serviceAreas[0];
    const featuredRegion: GrantRegion | undefined = base
      ? base.region && regionName(base.country, base.region)
        ? { kind: 'region', country: base.country, region: base.region }
        : { kind: 'country', country: base.country }
      : undefined;
    if (featuredTier && featuredRegion && featuredUntil! > this.now.toISOString()) {
      const key = regionLabel(featuredRegion);
      const running = this.featuredIn.get(key) ?? 0;
      if (running >= DEMO_RUNNING_PER_REGION) featuredTier = featuredFrom = featuredUntil = null;
      else this.featuredIn.set(key, running + 1);
    }

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
      featuredRegion,
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
    // Drawn first and filtered after, so the same seed gives the same mediators whatever is offered.
    return langs.filter((code) => this.languageNames.has(code));
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
      postalCode: postalCode(rng, this.postal, city, lat, lon),
      country: city.country,
      lat,
      lon,
    };
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
