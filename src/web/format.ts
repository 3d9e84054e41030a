/** Plain-words formatting every part of the site uses. Every function returns plain text. */

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** "Nov 25, 2026"; timestamps are ISO-8601 UTC text. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

const listFormat = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** "a, b and c". */
export function formatList(items: string[]): string {
  return listFormat.format(items);
}

/** "in 1 minute", "in 12 minutes": how long until a limit lets the person try again. */
export const inMinutes = (seconds: number) => {
  const n = Math.max(1, Math.ceil(seconds / 60));
  return `in ${n} minute${n === 1 ? '' : 's'}`;
};
