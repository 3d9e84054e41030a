import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { ForgotForm } from '../../accounts/schema.ts';
import { slugOf } from '../../lib/latin.ts';
import { validateProfile, type ProfileChoices, type ValidProfile } from '../../members/schema.ts';
import { emptyOffice, emptyProfileFields, type ProfileFields } from '../../members/types.ts';
import { parseForm } from '../../web/form-fields.ts';

/**
 * Reading a mediators CSV (docs/import.md): the header, then one mediator with one office per
 * row. Takes untrusted files: every cell is text until the members' own profile validation has
 * passed it, so a formula or a `<script>` is kept as the text it is and escaped wherever it shows.
 */

/** Columns every file must have (a value may be empty where the profile allows it). */
export const REQUIRED_COLUMNS = ['name', 'email', 'address', 'city', 'region', 'postal_code', 'country'] as const;
/** Columns a file may have. */
export const OPTIONAL_COLUMNS = ['office_label', 'headline', 'bio', 'practice_areas', 'languages', 'formats', 'fee_min', 'fee_max', 'fee_currency', 'years_in_practice'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
/** Marks a row whose number of cells differs from the header's (saying so). */
const EXTRA = '__cells' as Column;

/** A longer row is refused by the parser before it is held in memory (a bio is at most 8,000 characters). */
const MAX_ROW_BYTES = 64 * 1024;

/** What stops the whole file from being read. */
export type FileProblem = { kind: 'empty' } | { kind: 'columns'; missing: string[]; unknown: string[] } | { kind: 'syntax'; line: number; message: string };

export class CsvFileError extends Error {
  constructor(readonly problem: FileProblem) {
    super(describeFileProblem(problem));
  }
}

export function describeFileProblem(p: FileProblem): string {
  if (p.kind === 'empty') return 'The file is empty: it needs a header line naming the columns, then one line per mediator.';
  if (p.kind === 'syntax') return `Line ${p.line} is not valid CSV (${p.message}). Nothing was imported.`;
  const parts = [];
  if (p.missing.length) parts.push(`The file has no ${p.missing.map((c) => `“${c}”`).join(', ')} column${p.missing.length > 1 ? 's' : ''}.`);
  if (p.unknown.length) parts.push(`Concord does not know the column${p.unknown.length > 1 ? 's' : ''} ${p.unknown.map((c) => `“${c}”`).join(', ')}.`);
  return `${parts.join(' ')} The first line must name the columns of docs/import.md.`;
}

export interface CsvRow {
  /** The line of the file the row ends on (1 is the header), as a spreadsheet numbers it. */
  line: number;
  cells: Partial<Record<Column, string>>;
}

/**
 * The file's rows, one at a time, so a file of any length is read in little memory. `onBytes`
 * hears how far into the file the parser is (for a progress bar). Throws CsvFileError.
 */
export async function* csvRows(source: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRow> {
  // The parser decodes UTF-8; a byte that is not UTF-8 becomes U+FFFD, which checkRow reports.
  const parser = source.pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_ROW_BYTES }));
  // A read error of the source (a missing file) must reach the reader, not vanish in the pipe.
  source.on('error', (err) => parser.destroy(err));
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
      onBytes?.(info.bytes);
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase());
        const missing = REQUIRED_COLUMNS.filter((c) => !header!.includes(c));
        const unknown = header.filter((h) => !KNOWN.includes(h));
        if (missing.length || unknown.length) throw new CsvFileError({ kind: 'columns', missing, unknown });
        continue;
      }
      const cells: CsvRow['cells'] = {};
      header.forEach((h, i) => (cells[h as Column] = record[i] ?? ''));
      if (record.length !== header.length) cells[EXTRA] = `has ${record.length} cells, the header has ${header.length}`;
      yield { line: info.lines, cells };
    }
  } catch (err) {
    if (err instanceof CsvFileError) throw err;
    const csv = err as { code?: string; lines?: number; message?: string };
    if (typeof csv.code === 'string' && csv.code.startsWith('CSV_')) {
      const message = csv.code === 'CSV_MAX_RECORD_SIZE' ? `a row longer than ${MAX_ROW_BYTES / 1024} KB` : (csv.message ?? csv.code).replace(/^Invalid [^:]*: /, '');
      throw new CsvFileError({ kind: 'syntax', line: csv.lines ?? 0, message });
    }
    throw err;
  }
  if (!header) throw new CsvFileError({ kind: 'empty' });
}
export type CheckedRow = { ok: true; line: number; email: string; profile: ValidProfile } | { ok: false; line: number; problems: string[]; notUtf8: boolean };

/** The profile form's fields that a column fills, for the messages (office_0_city → city). */
const COLUMN_OF_FIELD: Record<string, string> = { practice: 'practice_areas', office_0_label: 'office_label', office_0_postal_code: 'postal_code' };
const columnOf = (field: string) => COLUMN_OF_FIELD[field] ?? field.replace(/^office_0_/, '');

const list = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);

/** One row checked as the profile form checks a member's own profile, plus its email address. */
export function checkRow(row: CsvRow, choices: ProfileChoices, now: Date): CheckedRow {
  const c = row.cells;
  const problems: string[] = [];
  const notUtf8 = Object.values(c).some((v) => v.includes('\uFFFD'));
  if (notUtf8) problems.push('has characters that are not UTF-8 text (save the file as “CSV UTF-8”)');
  if (c[EXTRA]) problems.push(c[EXTRA]);
  const email = parseForm(ForgotForm, { email: c.email ?? '' });
  if (!email.ok) problems.push(`email: ${email.problems[0]!.message}`);
  const fields: ProfileFields = {
    ...emptyProfileFields(),
    name: c.name ?? '',
    headline: c.headline ?? '',
    bio: c.bio ?? '',
    practice: list(c.practice_areas),
    languages: list(c.languages),
    formats: list(c.formats),
    fee_min: c.fee_min ?? '',
    fee_max: c.fee_max ?? '',
    fee_currency: c.fee_currency?.trim() || 'USD',
    years_in_practice: c.years_in_practice ?? '',
    offices: [{ ...emptyOffice(), label: c.office_label ?? '', address: c.address ?? '', city: c.city ?? '', region: c.region ?? '', postal_code: c.postal_code ?? '', country: c.country ?? '' }],
  };
  const valid = validateProfile(fields, choices, now);
  if (!valid.ok) problems.push(...valid.problems.map((p) => `${columnOf(p.field)}: ${p.message}`));
  if (problems.length || !valid.ok || !email.ok) return { ok: false, line: row.line, problems, notUtf8 };
  return { ok: true, line: row.line, email: email.value.email, profile: valid.value };
}

/** "Same name at the same postal code": names compared as their slugs ('Ann  LEE' is 'Ann Lee'). */
export const nameAtPostalCode = (name: string, postalCode: string): string | null => {
  const code = postalCode.replace(/\s+/g, '').toUpperCase();
  return code ? `${slugOf(name)}|${code}` : null;
};
