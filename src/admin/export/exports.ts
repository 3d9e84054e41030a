import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Db } from '../../db/database.ts';
import { absoluteUrl } from '../../web/layout.tsx';

/**
 * What admins can take away as CSV or JSON: the directory (listed mediators), the audit log, and
 * an association's roster. Rows are read a page at a time by id and streamed, so an export of the
 * whole directory never sits in memory. Cells come from people (names, headlines, reasons), so a
 * CSV cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written with a
 * leading apostrophe by csv-stringify's `escape_formulas`; JSON carries the text as it is.
 */

export type ExportFormat = 'csv' | 'json';
type Row = Record<string, string | number | null>;

export interface ExportTable {
  /** The file name's first part ('directory', 'audit-log', 'roster-scma'). */
  name: string;
  columns: readonly string[];
  /** The rows after `afterId`, at most `limit`, in id order, each with the id to go on from. */
  page(afterId: number, limit: number): Promise<{ id: number; row: Row }[]>;
}

const PAGE = 1000;

async function* allRows(table: ExportTable): AsyncGenerator<Row> {
  for (let after = 0; ; ) {
    const rows = await table.page(after, PAGE);
    for (const r of rows) yield r.row;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** The export as a stream of bytes in the format asked for. */
export function exportStream(table: ExportTable, format: ExportFormat): Readable {
  if (format === 'csv') {
    // The BOM tells spreadsheets the file is UTF-8.
    return Readable.from(allRows(table)).pipe(stringify({ header: true, columns: [...table.columns], escape_formulas: true, bom: true }));
  }
  return Readable.from(
    (async function* () {
      let first = true;
      yield '[';
      for await (const row of allRows(table)) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
        first = false;
      }
      yield '\n]\n';
    })(),
  );
}

const joined = (values: string[]) => values.join('; ');

/** Listed mediators, with their offices, practice areas and languages. */
export function directoryExport(db: Db, publicUrl: string): ExportTable {
  return {
    name: 'directory',
    columns: ['id', 'name', 'profile_url', 'headline', 'offices', 'practice_areas', 'languages', 'fee_min', 'fee_max', 'fee_currency', 'years_in_practice', 'accepting_cases', 'updated_at'],
    async page(afterId, limit) {
      const rows = await db
        .selectFrom('mediators')
        .select(['id', 'slug', 'name', 'headline', 'fee_min', 'fee_max', 'fee_currency', 'years_in_practice', 'accepting_cases', 'updated_at'])
        .where('status', '=', 'published')
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      if (!rows.length) return [];
      const ids = rows.map((r) => r.id);
      const [offices, practice, languages] = await Promise.all([
        db.selectFrom('offices').select(['mediator_id', 'address', 'city', 'region', 'postal_code', 'country']).where('mediator_id', 'in', ids).orderBy('id').execute(),
        db.selectFrom('mediator_practice_areas').select(['mediator_id', 'practice_area']).where('mediator_id', 'in', ids).orderBy('practice_area').execute(),
        db.selectFrom('mediator_languages').select(['mediator_id', 'language']).where('mediator_id', 'in', ids).orderBy('language').execute(),
      ]);
      const of = <T extends { mediator_id: number }>(list: T[], id: number, show: (x: T) => string) => joined(list.filter((x) => x.mediator_id === id).map(show));
      return rows.map((r) => ({
        id: r.id,
        row: {
          id: r.id,
          name: r.name,
          profile_url: absoluteUrl(publicUrl, `/mediators/${r.slug}`),
          headline: r.headline,
          offices: of(offices, r.id, (o) => [o.address, o.city, [o.region, o.postal_code].filter(Boolean).join(' '), o.country].filter(Boolean).join(', ')),
          practice_areas: of(practice, r.id, (p) => p.practice_area),
          languages: of(languages, r.id, (l) => l.language),
          fee_min: r.fee_min,
          fee_max: r.fee_max,
          fee_currency: r.fee_currency,
          years_in_practice: r.years_in_practice,
          accepting_cases: r.accepting_cases,
          updated_at: r.updated_at,
        },
      }));
    },
  };
}

/** Every entry of the audit log, oldest first. */
export function auditExport(db: Db): ExportTable {
  const columns = ['id', 'at', 'actor_label', 'actor_role', 'action', 'subject_kind', 'subject_id', 'subject_label', 'association_id', 'before_json', 'after_json', 'reason'] as const;
  return {
    name: 'audit-log',
    columns,
    async page(afterId, limit) {
      const rows = await db.selectFrom('audit_log').select(columns).where('id', '>', afterId).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, row: r }));
    },
  };
}

/** An association's members (state 'member'), with their panels; null for no such association. */
export async function rosterExport(db: Db, associationId: number, publicUrl: string): Promise<ExportTable | null> {
  const association = await db.selectFrom('associations').select(['id', 'slug']).where('id', '=', associationId).executeTakeFirst();
  if (!association) return null;
  return {
    name: `roster-${association.slug}`,
    columns: ['mediator_id', 'name', 'listed', 'profile_url', 'panels', 'member_since', 'note'],
    async page(afterId, limit) {
      const rows = await db
        .selectFrom('association_members')
        .innerJoin('mediators', 'mediators.id', 'association_members.mediator_id')
        .select(['mediators.id', 'mediators.slug', 'mediators.name', 'mediators.status', 'association_members.created_at', 'association_members.note'])
        .where('association_members.association_id', '=', association.id)
        .where('association_members.state', '=', 'member')
        .where('mediators.id', '>', afterId)
        .orderBy('mediators.id')
        .limit(limit)
        .execute();
      if (!rows.length) return [];
      const panels = await db
        .selectFrom('association_member_panels')
        .innerJoin('association_panels', 'association_panels.id', 'association_member_panels.panel_id')
        .select(['association_member_panels.mediator_id', 'association_panels.name'])
        .where('association_member_panels.association_id', '=', association.id)
        .where(
          'association_member_panels.mediator_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('association_panels.position')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        row: {
          mediator_id: r.id,
          name: r.name,
          listed: r.status === 'published' ? 1 : 0,
          // Only a listed profile has a page; an unlisted one's address would answer 404.
          profile_url: r.status === 'published' ? absoluteUrl(publicUrl, `/mediators/${r.slug}`) : '',
          panels: joined(panels.filter((p) => p.mediator_id === r.id).map((p) => p.name)),
          member_since: r.created_at,
          note: r.note,
        },
      }));
    },
  };
}
