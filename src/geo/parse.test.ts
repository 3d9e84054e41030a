import { describe, it, expect } from 'vitest';
import { parseLocationQuery } from './parse.ts';
import { countryCode, countryName, normalise } from './places.ts';

describe('parseLocationQuery', () => {
  it('reads coordinates with or without spaces', () => {
    expect(parseLocationQuery('30.27,-97.74')).toEqual({ kind: 'coordinates', lat: 30.27, lon: -97.74 });
    expect(parseLocationQuery(' 40.7 , -74.0 ')).toEqual({ kind: 'coordinates', lat: 40.7, lon: -74 });
    expect(parseLocationQuery('-33.87 151.21')).toEqual({ kind: 'coordinates', lat: -33.87, lon: 151.21 });
    expect(parseLocationQuery('0,0')).toEqual({ kind: 'coordinates', lat: 0, lon: 0 });
  });

  it('refuses coordinates off the globe with a message a person can act on', () => {
    expect(parseLocationQuery('91,0')).toEqual({ kind: 'invalid', message: expect.stringMatching(/latitude/i) });
    expect(parseLocationQuery('45, 181')).toEqual({ kind: 'invalid', message: expect.stringMatching(/longitude/i) });
  });

  it('reads US ZIP codes, ZIP+4 included', () => {
    expect(parseLocationQuery('78701')).toEqual({ kind: 'us_zip', code: '78701' });
    expect(parseLocationQuery('78701-1234')).toEqual({ kind: 'us_zip', code: '78701' });
    expect(parseLocationQuery(' 02139 ')).toEqual({ kind: 'us_zip', code: '02139' });
  });

  it('reads Canadian postal codes as their first three characters', () => {
    for (const raw of ['M5V 3L9', 'm5v3l9', 'M5V', 'm5v  3l9']) {
      expect(parseLocationQuery(raw)).toEqual({ kind: 'ca_postal', code: 'M5V' });
    }
  });

  it('reads a city and a US state or Canadian province, by code or name', () => {
    expect(parseLocationQuery('Austin, TX')).toEqual({ kind: 'city_region', city: 'Austin', region: 'TX', country: 'US', orCountry: null });
    expect(parseLocationQuery('Austin, Texas')).toMatchObject({ kind: 'city_region', city: 'Austin', region: 'TX', country: 'US' });
    expect(parseLocationQuery('austin,tx')).toMatchObject({ kind: 'city_region', city: 'austin', region: 'TX' });
    expect(parseLocationQuery('Toronto, ON')).toMatchObject({ kind: 'city_region', region: 'ON', country: 'CA' });
    expect(parseLocationQuery('Montréal, Québec')).toMatchObject({ kind: 'city_region', city: 'Montréal', region: 'QC', country: 'CA' });
    expect(parseLocationQuery('Sydney, NSW')).toMatchObject({ kind: 'city_region', region: 'NSW', country: 'AU' });
  });

  it('reads a nation of the United Kingdom as a region of GB', () => {
    expect(parseLocationQuery('Manchester, England')).toEqual({ kind: 'city_region', city: 'Manchester', region: 'ENG', country: 'GB', orCountry: null });
    expect(parseLocationQuery('London, England, UK')).toMatchObject({ kind: 'city_region', region: 'ENG', country: 'GB' });
  });

  it('leaves the country open when a region code is used by several', () => {
    // WA: Washington and Western Australia; NT: Northwest Territories and Northern Territory.
    expect(parseLocationQuery('Perth, WA')).toMatchObject({ kind: 'city_region', region: 'WA', country: null });
    expect(parseLocationQuery('Darwin, NT')).toMatchObject({ kind: 'city_region', region: 'NT', country: null });
  });

  it('keeps the country a region code also stands for', () => {
    expect(parseLocationQuery('Berlin, DE')).toEqual({ kind: 'city_region', city: 'Berlin', region: 'DE', country: 'US', orCountry: 'DE' });
    expect(parseLocationQuery('Tbilisi, Georgia')).toMatchObject({ region: 'GA', orCountry: 'GE' });
  });

  it('reads a city and a country by name or code', () => {
    expect(parseLocationQuery('London, UK')).toEqual({ kind: 'city_country', city: 'London', country: 'GB' });
    expect(parseLocationQuery('London, United Kingdom')).toEqual({ kind: 'city_country', city: 'London', country: 'GB' });
    expect(parseLocationQuery('Sydney, Australia')).toEqual({ kind: 'city_country', city: 'Sydney', country: 'AU' });
    expect(parseLocationQuery('Toronto, Canada')).toEqual({ kind: 'city_country', city: 'Toronto', country: 'CA' });
    expect(parseLocationQuery('Austin, USA')).toEqual({ kind: 'city_country', city: 'Austin', country: 'US' });
    expect(parseLocationQuery('Paris, FR')).toEqual({ kind: 'city_country', city: 'Paris', country: 'FR' });
    expect(parseLocationQuery('Sarajevo, Bosnia and Herzegovina')).toMatchObject({ country: 'BA' });
  });

  it('keeps a qualifier it does not know, so the resolver can say so', () => {
    expect(parseLocationQuery('Austin, Txas')).toMatchObject({ kind: 'city_region', city: 'Austin', region: 'TXAS', country: null });
  });

  it('reads a bare name as a city', () => {
    expect(parseLocationQuery('Springfield')).toEqual({ kind: 'city', city: 'Springfield' });
    expect(parseLocationQuery('  St.   Louis ')).toEqual({ kind: 'city', city: 'St. Louis' });
    // Without a comma the last word may still be the state: tried when no town has the whole name.
    expect(parseLocationQuery('Austin TX')).toEqual({
      kind: 'city',
      city: 'Austin TX',
      orSplit: { kind: 'city_region', city: 'Austin', region: 'TX', country: 'US', orCountry: null },
    });
    expect(parseLocationQuery('Charlottetown Prince Edward Island')).toMatchObject({ orSplit: { city: 'Charlottetown', region: 'PE', country: 'CA' } });
    expect(parseLocationQuery('Salt Lake City')).toEqual({ kind: 'city', city: 'Salt Lake City' });
  });

  it('reads "me" as the visitor’s own place, and "near X" as X', () => {
    for (const raw of ['me', ' Near ME ', 'my location']) expect(parseLocationQuery(raw)).toEqual({ kind: 'my_location' });
    expect(parseLocationQuery('near Austin, TX')).toMatchObject({ kind: 'city_region', city: 'Austin', region: 'TX' });
    expect(parseLocationQuery('Maine')).toEqual({ kind: 'city', city: 'Maine' });
  });

  it('says empty for nothing and invalid for no letters or digits', () => {
    expect(parseLocationQuery('')).toEqual({ kind: 'empty' });
    expect(parseLocationQuery('   \t\n')).toEqual({ kind: 'empty' });
    expect(parseLocationQuery('!!! ,,, ???')).toMatchObject({ kind: 'invalid' });
    expect(parseLocationQuery(',')).toMatchObject({ kind: 'invalid' });
  });

  it('refuses very long input quickly', () => {
    const started = performance.now();
    expect(parseLocationQuery('a'.repeat(10_240))).toMatchObject({ kind: 'invalid' });
    expect(parseLocationQuery('Austin, '.repeat(1_280))).toMatchObject({ kind: 'invalid' });
    expect(parseLocationQuery('x'.repeat(201))).toMatchObject({ kind: 'invalid' });
    expect(parseLocationQuery('x'.repeat(200))).toEqual({ kind: 'city', city: 'x'.repeat(200) });
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('treats SQL and markup as a place name like any other', () => {
    expect(parseLocationQuery("' OR 1=1 --")).toEqual({ kind: 'city', city: "' OR 1=1 --" });
    expect(parseLocationQuery("Austin'; DROP TABLE places; --")).toEqual({ kind: 'city', city: "Austin'; DROP TABLE places; --" });
    expect(parseLocationQuery('<script>alert(1)</script>')).toEqual({ kind: 'city', city: '<script>alert(1)</script>' });
  });
});

describe('normalise', () => {
  it('folds case, accents and punctuation the way stored names are folded', () => {
    expect(normalise('St. Louis')).toBe('st louis');
    expect(normalise('Montréal')).toBe('montreal');
    expect(normalise("Coeur d'Alene")).toBe('coeur dalene');
    expect(normalise('Saint John’s')).toBe('saint johns');
    expect(normalise('Winston-Salem')).toBe('winston salem');
    expect(normalise('  São   Paulo ')).toBe('sao paulo');
    expect(normalise('İstanbul')).toBe('istanbul');
    expect(normalise('M5V')).toBe('m5v');
  });
});

describe('countryCode and countryName', () => {
  it('knows countries by ISO code, English name and common nicknames', () => {
    expect(countryCode('United Kingdom')).toBe('GB');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('u.k.')).toBe('GB');
    expect(countryCode('USA')).toBe('US');
    expect(countryCode('United States')).toBe('US');
    expect(countryCode('Australia')).toBe('AU');
    expect(countryCode('canada')).toBe('CA');
    expect(countryCode('de')).toBe('DE');
    expect(countryCode('Germany')).toBe('DE');
    expect(countryCode('Saint Lucia')).toBe('LC');
    expect(countryCode('The Netherlands')).toBe('NL');
  });

  it('does not take a nation of the UK, a region or nonsense for a country', () => {
    expect(countryCode('England')).toBeNull();
    expect(countryCode('Texas')).toBeNull();
    expect(countryCode('ZZ')).toBeNull();
    expect(countryCode('EU')).toBeNull();
    expect(countryCode('')).toBeNull();
  });

  it('names countries in English', () => {
    expect(countryName('GB')).toBe('United Kingdom');
    expect(countryName('US')).toBe('United States');
    expect(countryName('au')).toBe('Australia');
  });
});
