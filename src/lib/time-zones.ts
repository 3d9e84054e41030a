/**
 * Wall-clock times in IANA time zones, with nothing but Intl: the zones this Node knows, a local
 * date and time there turned into a UTC instant, and an instant written as that zone's time.
 */

/** Every IANA zone Intl knows, A–Z, with UTC first (it is not in Intl's own list). */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
const KNOWN = new Set(TIME_ZONES);

export const isTimeZone = (zone: string) => KNOWN.has(zone);

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    partsFormats.set(zone, f);
  }
  return f;
}

/** The wall-clock time in `zone` at an instant. */
export function wallTimeAt(ms: number, zone: string): WallTime {
  const p = Object.fromEntries(partsFormat(zone).formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute! };
}

const asUtcMs = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);

/**
 * The instant a wall-clock time in `zone` names, or null when the zone skips that time (the hour
 * the clocks go forward). A time that happens twice (the hour they go back) is the first of the two.
 */
export function instantOf(t: WallTime, zone: string): number | null {
  const wanted = asUtcMs(t);
  // The offset is the wall time minus the instant; try it at the guess, then where that lands.
  const offsetAt = (ms: number) => asUtcMs(wallTimeAt(ms, zone)) - ms;
  const first = wanted - offsetAt(wanted);
  const candidates = [first - 3_600_000, first, wanted - offsetAt(first)].sort((a, b) => a - b);
  for (const ms of candidates) {
    if (asUtcMs(wallTimeAt(ms, zone)) === wanted) return ms;
  }
  return null;
}

/** "2026-11-25T09:30" in `zone`, as a datetime-local input shows it. */
export function localInputValue(iso: string, zone: string): string {
  const t = wallTimeAt(Date.parse(iso), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}`;
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

/** "25 Nov 2026, 09:30 (America/New_York)", or "… UTC" for UTC. */
export function formatInZone(iso: string, zone: string): string {
  let f = displayFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
    displayFormats.set(zone, f);
  }
  const when = f.format(new Date(iso));
  return zone === 'UTC' ? `${when} UTC` : `${when} (${zone.replace(/_/g, ' ')})`;
}
