import { FORMATS, SORTS } from './types.ts';
import { RADIUS_MAX, RADIUS_MIN } from './schema.ts';

/** OpenAPI 3.1 description of /api/v1. A test checks real responses against these schemas. */

const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const num = { type: 'number' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const schemas = {
  Membership: {
    type: 'object',
    required: ['slug', 'name', 'panels'],
    additionalProperties: false,
    description: 'An association the mediator is a member of (its page: /associations/{slug}), and the panels of it they sit on.',
    properties: {
      slug: str,
      name: str,
      panels: { type: 'array', items: { type: 'object', required: ['slug', 'name'], additionalProperties: false, properties: { slug: str, name: str } } },
    },
  },
  Place: {
    type: 'object',
    required: ['label', 'lat', 'lon', 'country', 'region'],
    additionalProperties: false,
    properties: { label: str, lat: num, lon: num, country: str, region: str },
  },
  Fee: {
    type: 'object',
    required: ['min', 'max', 'currency', 'freeConsultation', 'slidingScale', 'split'],
    additionalProperties: false,
    properties: {
      min: nullable(int),
      max: nullable(int),
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      freeConsultation: bool,
      slidingScale: bool,
      split: { enum: ['equal', 'by_agreement', 'one_party', 'varies'] },
    },
  },
  Availability: {
    type: 'object',
    required: ['accepting', 'confirmedAt', 'stale'],
    additionalProperties: false,
    properties: { accepting: bool, confirmedAt: nullable(str), stale: bool },
    description: '"Accepting new cases", as the mediator last confirmed it; stale after 90 days without confirmation.',
  },
  SearchHit: {
    type: 'object',
    additionalProperties: false,
    required: ['slug', 'name', 'headline', 'url', 'photoUrl', 'match', 'distance', 'office', 'featured', 'practiceAreas', 'languages', 'formats', 'fee', 'acceptingNewCases', 'reasons', 'score', 'associations', 'verifiedCredentials'],
    properties: {
      slug: str,
      name: str,
      headline: str,
      url: { type: 'string', format: 'uri' },
      photoUrl: nullable(str),
      match: { enum: ['office', 'online', 'travel', 'anywhere'], description: 'An office within the radius, a service area covering the place (online or travel), or no place asked.' },
      distance: nullable({
        type: 'object',
        required: ['value', 'unit'],
        additionalProperties: false,
        properties: { value: num, unit: { enum: ['mi', 'km'] } },
      }),
      office: nullable({
        type: 'object',
        required: ['city', 'region', 'country', 'lat', 'lon'],
        additionalProperties: false,
        properties: { city: str, region: str, country: str, lat: num, lon: num },
      }),
      featured: { type: 'boolean', description: 'A featured (paid or granted) member; always labelled.' },
      practiceAreas: { type: 'array', items: str },
      languages: { type: 'array', items: str },
      formats: { type: 'array', items: { enum: [...FORMATS] } },
      fee: ref('Fee'),
      acceptingNewCases: ref('Availability'),
      reasons: { type: 'array', items: str },
      score: { type: 'number', minimum: 0, maximum: 1 },
      associations: { type: 'array', items: ref('Membership') },
      verifiedCredentials: {
        type: 'array',
        description: 'Credentials whose evidence someone (Concord or the issuing association) saw in the last year; they do not affect ranking.',
        items: {
          type: 'object',
          required: ['title', 'verifiedAt', 'until', 'verifier'],
          additionalProperties: false,
          properties: { title: str, verifiedAt: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' }, verifier: str },
        },
      },
    },
  },
  SearchResult: {
    type: 'object',
    additionalProperties: false,
    required: ['location', 'radius', 'unit', 'feeCurrency', 'sort', 'total', 'page', 'pageCount', 'pageSize', 'results', 'featured'],
    properties: {
      location: nullable(ref('Place')),
      radius: num,
      unit: { enum: ['mi', 'km'] },
      feeCurrency: { type: 'string', description: 'The currency `maxFee` was read in: the place’s, or USD. Fees in other currencies are converted with the rates on /how-search-works.' },
      sort: { enum: [...SORTS] },
      total: int,
      page: int,
      pageCount: int,
      pageSize: int,
      results: { type: 'array', items: ref('SearchHit') },
      featured: { type: 'array', maxItems: 3, items: ref('SearchHit'), description: 'Up to three featured members who match, shown in addition to the results.' },
    },
  },
  Mediator: {
    type: 'object',
    additionalProperties: false,
    required: ['slug', 'name', 'headline', 'url', 'bio', 'photoUrl', 'practiceAreas', 'languages', 'formats', 'fee', 'credentials', 'yearsInPractice', 'mediationsCount', 'acceptingNewCases', 'featured', 'offices', 'serviceAreas', 'associations', 'updatedAt'],
    properties: {
      slug: str,
      name: str,
      headline: str,
      url: { type: 'string', format: 'uri' },
      bio: { type: 'string', description: 'Markdown.' },
      photoUrl: nullable(str),
      practiceAreas: {
        type: 'array',
        items: { type: 'object', required: ['slug', 'name'], additionalProperties: false, properties: { slug: str, name: str } },
      },
      languages: { type: 'array', items: str },
      formats: { type: 'array', items: { enum: [...FORMATS] } },
      fee: ref('Fee'),
      credentials: {
        type: 'array',
        items: {
          type: 'object',
          required: ['title', 'issuer', 'year', 'verification'],
          additionalProperties: false,
          properties: {
            title: str,
            issuer: str,
            year: nullable(int),
            verification: nullable({
              type: 'object',
              description: 'Someone saw evidence that the mediator held this credential on verifiedAt. It lapses a year later (until) and is then null. It is not an endorsement and does not affect ranking.',
              required: ['verifiedAt', 'until', 'verifier'],
              additionalProperties: false,
              properties: {
                verifiedAt: { type: 'string', format: 'date-time' },
                until: { type: 'string', format: 'date-time' },
                verifier: { type: 'string', description: '"Concord" (a site admin) or the name of the association that verified it.' },
              },
            }),
          },
        },
      },
      yearsInPractice: nullable(int),
      mediationsCount: nullable(int),
      acceptingNewCases: ref('Availability'),
      featured: bool,
      offices: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['label', 'address', 'city', 'region', 'postalCode', 'country', 'lat', 'lon'],
          properties: { label: str, address: str, city: str, region: str, postalCode: str, country: str, lat: num, lon: num },
        },
      },
      serviceAreas: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'country', 'region'],
          properties: { kind: { enum: ['online', 'travel'] }, country: str, region: nullable(str) },
        },
      },
      associations: { type: 'array', items: ref('Membership') },
      updatedAt: str,
    },
  },
  LocationResult: {
    type: 'object',
    additionalProperties: false,
    required: ['query', 'place', 'candidates'],
    properties: {
      query: str,
      place: nullable(ref('Place')),
      candidates: { type: 'array', items: ref('Place') },
      myLocation: { type: 'boolean', description: 'true when the text asks for the visitor’s own place (“me”, “near me”, “my location”); `place` is then null: ask the browser for a position and send it as "lat,lon".' },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['status', 'message', 'details'],
        additionalProperties: false,
        properties: {
          status: int,
          message: { type: 'string', description: 'What went wrong, in words a person understands.' },
          details: {
            type: 'array',
            items: { type: 'object', required: ['field', 'message'], additionalProperties: false, properties: { field: str, message: str } },
          },
        },
      },
      suggestions: { type: 'array', items: ref('Place'), description: 'Places with a similar spelling, when the place was not found.' },
      candidates: { type: 'array', items: ref('Place') },
      query: str,
      place: { type: 'null' },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const queryParam = (name: string, description: string, schema: object) => ({ name, in: 'query', required: false, description, schema });
const listParam = (name: string, description: string, items: object) => ({
  name,
  in: 'query',
  required: false,
  description: `${description} Repeat the parameter or separate values with commas; any of them matches.`,
  schema: { type: 'array', items },
  style: 'form',
  explode: true,
});

export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Concord directory API',
      version: '1.0.0',
      description: 'Find mediators near a place, read their public profiles, and resolve place names. Read-only and public. Ranking follows the rules at /how-search-works.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    paths: {
      '/mediators': {
        get: {
          operationId: 'searchMediators',
          summary: 'Search listed mediators near a place',
          parameters: [
            queryParam('near', 'A US ZIP code, Canadian postal code, "City, ST", "City, Country", a city name, or "lat,lon".', { type: 'string', maxLength: 200 }),
            queryParam('at', 'The point "Use my location" shared, as lat,lon; it counts while `near` is empty or names its town (“Brooklyn, NY” or “near Brooklyn, NY”).', { type: 'string', maxLength: 60 }),
            queryParam('radius', 'Search radius in `unit` (default 25).', { type: 'number', minimum: RADIUS_MIN, maximum: RADIUS_MAX }),
            queryParam('unit', 'mi or km; defaults to miles in the US and UK, kilometres elsewhere.', { enum: ['mi', 'km'] }),
            listParam('practice', 'Practice-area slugs, e.g. family, workplace.', { type: 'string' }),
            listParam('language', 'Language codes (ISO 639-1 such as es, ISO 639-3, or asl for American Sign Language), from the list admins keep (/admin/languages); an unknown code is refused with 400.', { type: 'string', pattern: '^[a-z]{2,3}$' }),
            listParam('format', 'Ways of meeting.', { enum: [...FORMATS] }),
            queryParam('maxFee', 'Mediators whose lowest hourly fee is at or below this, in the currency of the place searched (`feeCurrency` in the answer; USD without a place); fees in other currencies are converted.', { type: 'integer', minimum: 0 }),
            queryParam('free', 'Only mediators offering a free consultation (1).', { enum: ['1', '0'] }),
            queryParam('accepting', 'Only mediators accepting new cases (1).', { enum: ['1', '0'] }),
            queryParam('q', 'Keywords over name, headline, bio and practice areas.', { type: 'string', maxLength: 200 }),
            queryParam('sort', 'match (default), distance or fee.', { enum: [...SORTS] }),
            queryParam('page', 'Page number, 20 results a page.', { type: 'integer', minimum: 1 }),
            queryParam('area', 'With format=online alone and no `near`: only mediators who meet clients online in this country or state ("US", "US-TX"). Without it, mediators who meet online anywhere.', {
              type: 'string',
              pattern: '^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$',
            }),
            queryParam('association', 'Only members of this association (its slug, as in /associations/{slug}). An unknown one → 400.', { type: 'string', maxLength: 60 }),
            queryParam('panel', 'With `association`: only members on this panel of it (the panel’s slug). An unknown one, or one without `association` → 400.', { type: 'string', maxLength: 60 }),
          ],
          responses: {
            200: { description: 'Results', content: { 'application/json': { schema: ref('SearchResult') } } },
            400: errorResponse('A parameter is not valid, the place was not found (with suggestions), or the page is past the end.'),
          },
        },
      },
      '/mediators/{slug}': {
        get: {
          operationId: 'getMediator',
          summary: 'A listed mediator’s public profile',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'The profile', content: { 'application/json': { schema: ref('Mediator') } } },
            404: errorResponse('No listed mediator has that slug.'),
          },
        },
      },
      '/locations': {
        get: {
          operationId: 'resolveLocation',
          summary: 'Resolve what a visitor typed to a place, with other candidates',
          parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } }],
          responses: {
            200: { description: 'The place and other places the name could mean', content: { 'application/json': { schema: ref('LocationResult') } } },
            400: errorResponse('Nothing or something unreadable was typed.'),
            404: errorResponse('No such place; `candidates` holds places with a similar spelling.'),
          },
        },
      },
    },
    components: { schemas },
  };
}
