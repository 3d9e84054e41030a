/**
 * Fees in different currencies, made comparable for the fee filter and "Fee, lowest first".
 * A visitor's budget is read in the currency of the place they search; a mediator who charges in
 * another currency is converted with this table, which /how-search-works shows with its date.
 * Converted rather than left out: near a border (Vancouver, Windsor, Dublin) the mediators who
 * charge in the other currency are often the closest, and a budget filter should not hide them.
 */

/** When the rates below were set. Update both together. */
export const RATES_DATE = '2026-12-01';

/**
 * US dollars for one unit of each currency a profile may charge in (the profile form's list),
 * rounded to two places: close enough to compare a budget, not to quote a price.
 */
export const USD_PER: Readonly<Record<string, number>> = { USD: 1, CAD: 0.72, GBP: 1.33, EUR: 1.16, AUD: 0.66, NZD: 0.58 };

export const CURRENCY_NAMES: Readonly<Record<string, string>> = {
  USD: 'US dollars',
  CAD: 'Canadian dollars',
  GBP: 'pounds sterling',
  EUR: 'euros',
  AUD: 'Australian dollars',
  NZD: 'New Zealand dollars',
};

const EURO_COUNTRIES = 'AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK'.split(' ');

/** The currency of each country whose currency is in the table; searches elsewhere read budgets in US dollars. */
export const COUNTRY_CURRENCY: Readonly<Record<string, string>> = {
  US: 'USD', CA: 'CAD', GB: 'GBP', AU: 'AUD', NZ: 'NZD',
  ...Object.fromEntries(EURO_COUNTRIES.map((c) => [c, 'EUR'])),
};

/** The currency a search's budget is in: the place's, or US dollars with no place (or one outside the table). */
export function budgetCurrency(country: string | undefined): string {
  return (country && COUNTRY_CURRENCY[country]) || 'USD';
}

/**
 * An hourly fee in US dollars, for comparing; NaN when there is no fee or its currency is not in
 * the table (such a fee passes no budget and sorts last, like a fee not given).
 */
export function feeInUsd(amount: number | null, currency: string): number {
  const rate = USD_PER[currency];
  return amount === null || rate === undefined ? Number.NaN : amount * rate;
}
