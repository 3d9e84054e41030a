import { formatDate } from '../../web/format.ts';
import { roundDistance, type Unit } from '../../geo/distance.ts';
import { countryName, regionName } from '../../geo/places.ts';
import type { Availability, Fee, Format, LanguageName, ServiceArea } from '../types.ts';
import { FORMAT_LABELS } from '../types.ts';

/** Plain-words formatting of the directory's facts (distances, fees, places). Every function returns plain text. */

export function formatDistance(d: { value: number; unit: Unit }): string {
  return `${roundDistance(d.value).toLocaleString('en-US')} ${d.unit}`;
}

// Building an Intl formatter costs far more than using one (a tenth of a millisecond), and every
// card formats a fee: one per currency is kept.
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function money(amount: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
    } catch {
      format = null; // an unknown currency code must not break the page
    }
    if (moneyFormats.size < 200) moneyFormats.set(currency, format);
  }
  return format ? format.format(amount) : `${amount.toLocaleString('en-US')} ${currency}`;
}

/** "$150–$250/hr", "From $150/hr", or null when the mediator lists no fee. */
export function formatFeeRange(fee: Fee): string | null {
  const { min, max, currency } = fee;
  if (min !== null && max !== null) {
    return min === max ? `${money(min, currency)}/hr` : `${money(min, currency)}–${money(max, currency)}/hr`;
  }
  if (min !== null) return `From ${money(min, currency)}/hr`;
  if (max !== null) return `Up to ${money(max, currency)}/hr`;
  return null;
}

/** The short fee notes shown beside the range on cards. */
export function feeNotes(fee: Fee): string[] {
  const notes: string[] = [];
  if (fee.freeConsultation) notes.push('Free first consultation');
  if (fee.slidingScale) notes.push('Sliding scale');
  return notes;
}

export const formatFormats = (formats: Format[]) => formats.map((f) => FORMAT_LABELS[f]);
export const formatLanguages = (languages: readonly LanguageName[]) => languages.map((l) => l.name);

/** "Accepting new cases", or why we can't say, in words a visitor can act on. */
export function availabilityText(a: Availability): { text: string; note: string | null; ok: boolean } {
  if (!a.accepting) return { text: 'Not accepting new cases', note: null, ok: false };
  if (a.stale || !a.confirmedAt) {
    return {
      text: 'Accepting new cases',
      note: a.confirmedAt ? `Availability not confirmed since ${formatDate(a.confirmedAt)}` : 'Availability never confirmed',
      ok: false,
    };
  }
  return { text: 'Accepting new cases', note: `Confirmed ${formatDate(a.confirmedAt)}`, ok: true };
}

// Countries whose English name reads with "the": "across the United States".
const THE_COUNTRIES = new Set(['US', 'GB', 'NL', 'PH', 'AE', 'CZ', 'DO', 'BS', 'GM', 'CD', 'CF']);

export function countryPhrase(code: string): string {
  const name = countryName(code);
  return THE_COUNTRIES.has(code.toUpperCase()) ? `the ${name}` : name;
}

/** "Texas", "Ontario", or the whole country when no region is given. */
export function areaName(country: string, region: string | null | undefined): string {
  if (!region) return countryPhrase(country);
  return regionName(country, region) || `${region}, ${countryName(country)}`;
}

/** A service area in words: "Online anywhere in Texas", "Travels within the United States". */
export function serviceAreaText(area: ServiceArea): string {
  const where = areaName(area.country, area.region);
  return area.kind === 'online' ? `Online anywhere in ${where}` : `Travels to clients anywhere in ${where}`;
}

/** "Austin, TX, United States": where a mediator is based, in full, for cards that reach past one country. */
export function basedLine(o: { city: string; region: string; country: string }): string {
  return [o.city, o.region, countryName(o.country)].filter(Boolean).join(', ');
}

/** "Austin, TX" from an office's city and region. */
export function cityLine(o: { city: string; region: string; country: string }): string {
  return [o.city, o.region || countryName(o.country)].filter(Boolean).join(', ');
}
