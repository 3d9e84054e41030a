import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { recordAudit, type AuditEntry } from '../../audit/log.ts';
import type { Db } from '../../db/database.ts';
import { offeredLanguages } from '../../directory/languages.ts';
import { listPracticeAreas } from '../../directory/practice-areas.ts';
import type { MediatorInput, Office } from '../../directory/types.ts';
import { insertMediators } from '../../directory/write.ts';
import { chunks } from '../../lib/arrays.ts';
import { placeOffices } from '../../members/profiles.ts';
import type { OfficeToPlace } from '../../members/schema.ts';
import type { Context } from '../../web/context.ts';
import { claimMail, claimToken } from './claim-links.ts';
import { checkRow, csvRows, CsvFileError, nameAtPostalCode, type CheckedRow } from './csv-rows.ts';

/**
 * Importing mediators from CSV, in two readings of the file. The first checks every row (the
 * members' profile validation, the office placed on the map, duplicates within the file and
 * against the database) and keeps only what the answer needs, so a file of any length is checked
 * in little memory. The second, only when the first found nothing wrong (or `skipInvalid`),
 * writes every good row in one transaction: nothing is ever half-imported. Imported profiles are
 * unlisted, approved by the import, and wait for their mediator's claim (routes.tsx).
 */

export interface ImportOptions {
  /** The file's name, kept with each profile and in the audit log. */
  source: string;
  skipInvalid: boolean;
  /** Adds every imported mediator to this association's roster (its slug). */
  association: string | null;
  actor: AuditEntry['actor'];
  /** How far into the file each reading is, in bytes. */
  onProgress?: (reading: 'checking' | 'importing', bytes: number) => void;
}

export interface RowNote {
  line: number;
  message: string;
}

export interface ImportReport {
  /** Rows after the header. */
  rows: number;
  /** The first MAX_NOTES bad rows; `problemCount` counts them all. */
  problems: RowNote[];
  problemCount: number;
  /** Rows left out because the mediator is in the file already, or in the directory. */
  duplicates: RowNote[];
  duplicateCount: number;
  /** Some row had bytes that are not UTF-8: the file was most likely saved as Latin-1. */
  notUtf8: boolean;
  imported: number;
}

export type ImportOutcome =
  | { status: 'file_problem'; message: string }
  | { status: 'no_association'; slug: string }
  /** A database that never started the server has no place data, so no office could be placed. */
  | { status: 'no_places' }
  | { status: 'invalid'; report: ImportReport }
  | { status: 'imported'; report: ImportReport };

/** The advisory lock imports take turns on, on PostgreSQL. */
const IMPORT_LOCK = 7_316_002;

/** A report lists this many rows of each kind; a file with more says how many more. */
export const MAX_NOTES = 1000;

/** The places looked up for the file's offices, by what was typed: a place or why it was not found. */
type Places = Map<string, Office | string>;
const placeKey = (o: OfficeToPlace) => [o.postalCode, o.city, o.region, o.country].join('\u0000').toUpperCase();

async function place(db: Db, places: Places, office: OfficeToPlace): Promise<Office | string> {
  const key = placeKey(office);
  let found = places.get(key);
  if (found === undefined) {
    const placed = await placeOffices(db, [office]);
    found = placed.offices[0] ?? placed.problems[0]!.message;
    places.set(key, found);
  }
  return typeof found === 'string' ? found : { ...found, label: office.label, address: office.address };
}

export async function importMediators(ctx: Context, open: () => Readable, opts: ImportOptions): Promise<ImportOutcome> {
  const now = ctx.now();
  const association = opts.association ? await ctx.db.selectFrom('associations').select(['id', 'name']).where('slug', '=', opts.association).executeTakeFirst() : null;
  if (opts.association && !association) return { status: 'no_association', slug: opts.association };
  if (!(await ctx.db.selectFrom('places').select('id').limit(1).executeTakeFirst())) return { status: 'no_places' };
  // Imported profiles are new: a hidden language cannot be chosen for them.
  const [areas, languages] = await Promise.all([listPracticeAreas(ctx.db), offeredLanguages(ctx.db, null)]);
  const choices = { practice: new Set(areas.map((a) => a.slug)), languages: new Set(languages.map((l) => l.code)) };
  const places: Places = new Map();
  const report: ImportReport = { rows: 0, problems: [], problemCount: 0, duplicates: [], duplicateCount: 0, notUtf8: false, imported: 0 };
  const note = (list: 'problems' | 'duplicates', line: number, message: string) => {
    if (report[list].length < MAX_NOTES) report[list].push({ line, message });
    report[list === 'problems' ? 'problemCount' : 'duplicateCount']++;
  };

  // Each good row's line, with the keys it is a duplicate by.
  const good = new Map<number, { email: string; name: string | null }>();
  const byEmail = new Map<string, number>();
  const byName = new Map<string, number>();
  const check = async (row: Parameters<typeof checkRow>[0]): Promise<(CheckedRow & { ok: true }) | null> => {
    const checked = checkRow(row, choices, now);
    if (!checked.ok) {
      report.notUtf8 ||= checked.notUtf8;
      note('problems', checked.line, checked.problems.join('; '));
      return null;
    }
    return checked;
  };

  try {
    for await (const row of csvRows(open(), (b) => opts.onProgress?.('checking', b))) {
      report.rows++;
      const checked = await check(row);
      if (!checked) continue;
      const office = await place(ctx.db, places, checked.profile.offices[0]!);
      if (typeof office === 'string') {
        note('problems', row.line, `postal_code: ${office}`);
        continue;
      }
      const name = nameAtPostalCode(checked.profile.name, office.postalCode);
      const same = byEmail.get(checked.email) ?? (name ? byName.get(name) : undefined);
      if (same !== undefined) {
        note('duplicates', row.line, byEmail.has(checked.email) ? `the same email address as line ${same}` : `the same name at the same postal code as line ${same}`);
        continue;
      }
      byEmail.set(checked.email, row.line);
      if (name) byName.set(name, row.line);
      good.set(row.line, { email: checked.email, name });
    }
  } catch (err) {
    if (err instanceof CsvFileError) return { status: 'file_problem', message: err.message };
    throw err;
  }
  for (const { line, message } of await alreadyInDirectory(ctx.db, byEmail, byName)) {
    good.delete(line);
    note('duplicates', line, message);
  }
  report.duplicates.sort((a, b) => a.line - b.line);
  if (report.problemCount && !opts.skipInvalid) return { status: 'invalid', report };
  if (!good.size) return { status: 'imported', report };

  const claims: { id: number; link_secret: string; email: string; name: string }[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    // Two imports of one file at once would each find nobody in the directory before either
    // commits: the duplicates are checked again here, after a lock that makes imports take turns
    // on PostgreSQL (SQLite has one writer), so the second sees the first's mediators.
    if (ctx.engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
    const goodEmails = new Map([...good].map(([line, g]) => [g.email, line]));
    const goodNames = new Map([...good].flatMap(([line, g]) => (g.name ? [[g.name, line] as const] : [])));
    for (const { line, message } of await alreadyInDirectory(trx, goodEmails, goodNames)) {
      good.delete(line);
      note('duplicates', line, message);
    }
    report.duplicates.sort((a, b) => a.line - b.line);
    let batch: { email: string; input: MediatorInput }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const ids = await insertMediators({ ...ctx, db: trx }, batch.map((b) => b.input), now);
      const at = now.toISOString();
      // The import is the first approval: the mediator's consent alone lists the profile.
      for (const part of chunks(ids, 1000)) await trx.updateTable('mediators').set({ approved_at: at }).where('id', 'in', part).execute();
      const rows = await trx
        .insertInto('mediator_claims')
        .values(ids.map((id, i) => ({ mediator_id: id, email: batch[i]!.email, source: opts.source, created_at: at })))
        .returning(['id', 'link_secret', 'email', 'mediator_id'])
        .execute();
      rows.forEach((r, i) => claims.push({ id: r.id, link_secret: r.link_secret, email: r.email, name: batch[i]!.input.name }));
      if (association) {
        await trx
          .insertInto('association_members')
          .values(ids.map((id) => ({ association_id: association.id, mediator_id: id, state: 'member' as const, note: `Imported from ${opts.source}`, created_at: at, updated_at: at })))
          .execute();
      }
      batch = [];
    };
    for await (const row of csvRows(open(), (b) => opts.onProgress?.('importing', b))) {
      if (!good.has(row.line)) continue;
      // The same bytes read the same way: the row is as good as it was a moment ago.
      const checked = (await check(row))!;
      const office = (await place(trx, places, checked.profile.offices[0]!)) as Office;
      batch.push({ email: checked.email, input: { ...checked.profile, offices: [office], status: 'draft', acceptingConfirmedAt: null } });
      if (batch.length >= 400) await flush();
    }
    await flush();
    await recordAudit(
      trx,
      {
        actor: opts.actor,
        action: 'mediators.imported',
        subject: { kind: 'import', id: null, label: opts.source },
        after: { imported: claims.length, rows: report.rows, skipped_invalid: report.problemCount, duplicates: report.duplicateCount, association: opts.association },
        associationId: association?.id ?? null,
      },
      now,
    );
  });
  report.imported = claims.length;
  await mailClaimLinks(ctx, claims);
  return { status: 'imported', report };
}

/** Rows whose mediator is in the directory already: a claim waiting for that address, a profile of its account, or the same name at the same postal code. */
async function alreadyInDirectory(db: Db, byEmail: Map<string, number>, byName: Map<string, number>): Promise<RowNote[]> {
  const found: RowNote[] = [];
  const lines = new Set<number>();
  const add = (line: number, message: string) => {
    if (!lines.has(line)) found.push({ line, message });
    lines.add(line);
  };
  for (const part of chunks([...byEmail.keys()], 500)) {
    const waiting = await db.selectFrom('mediator_claims').select('email').where('email', 'in', part).execute();
    const owned = await db.selectFrom('users').innerJoin('mediators', 'mediators.user_id', 'users.id').select('users.email').where('users.email', 'in', part).execute();
    for (const r of waiting) add(byEmail.get(r.email)!, `${r.email} was imported before and its profile is waiting to be claimed`);
    for (const r of owned) add(byEmail.get(r.email)!, `${r.email} has a profile on Concord already`);
  }
  const codes = [...new Set([...byName.keys()].map((k) => k.slice(k.lastIndexOf('|') + 1)))];
  for (const part of chunks(codes, 500)) {
    // Postal codes as typed ('M5V 3L9', 'm5v3l9') compare without spaces and capitals, as the file's do.
    const rows = await db
      .selectFrom('offices')
      .innerJoin('mediators', 'mediators.id', 'offices.mediator_id')
      .select(['mediators.name', 'offices.postal_code'])
      .where(sql<string>`upper(replace(offices.postal_code, ' ', ''))`, 'in', part)
      .execute();
    for (const r of rows) {
      const line = byName.get(nameAtPostalCode(r.name, r.postal_code)!);
      if (line !== undefined) add(line, `${r.name} at ${r.postal_code} is in the directory already`);
    }
  }
  return found;
}

/** One mail per imported profile, after the commit; a failure is logged and the rest still go. */
async function mailClaimLinks(ctx: Context, claims: { id: number; link_secret: string; email: string; name: string }[]): Promise<void> {
  for (const c of claims) {
    try {
      // The link's moment is the mail's: a link older than the row's last mail is retired (claims.ts).
      const at = ctx.now();
      await ctx.mailer.send(claimMail(ctx.config.publicUrl, c.email, c.name, claimToken(ctx.config.secret, c, at)));
      await ctx.db.updateTable('mediator_claims').set({ mailed_at: at.toISOString() }).where('id', '=', c.id).execute();
    } catch (err) {
      ctx.logError(err, `the claim link for ${c.email}`);
    }
  }
}
