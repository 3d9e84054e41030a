import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../config.ts';

/**
 * "Contains this text" in SQL, the same on both engines. Takes untrusted text: LIKE's wildcards
 * in it (`%`, `_`) and the escape character itself are escaped, so they match only themselves.
 *
 * Case is folded for the ASCII letters A–Z only, on both sides. SQLite's lower() knows no more
 * (and its LIKE folds ASCII whatever is asked), while PostgreSQL's lower() folds by the database's
 * locale; translate() spells out the same 26 letters there, so "É" and "é" differ on both engines.
 */

/** A LIKE pattern that finds `text` anywhere in a value; `\` escapes (see `ESCAPE` below). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `text` with A–Z lower-cased and nothing else changed, as `foldAscii` does in SQL. */
export const lowerAscii = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

const foldAscii = (engine: Engine, value: Expression<string | null>): RawBuilder<string | null> =>
  engine === 'postgres' ? sql`translate(${value}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')` : sql`lower(${value})`;

/** Whether `value` holds `text`, ASCII capitals aside; a null value holds nothing. */
export function containsText(engine: Engine, value: Expression<string | null>, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${foldAscii(engine, value)} like ${containsPattern(lowerAscii(text))} escape '\\'`;
}
