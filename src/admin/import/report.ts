import type { ImportOutcome, ImportReport, RowNote } from './service.ts';

/** An import's answer in words, the same on the command line and the upload page. */

export const NOT_UTF8_HINT =
  'The file is not UTF-8 text: it was most likely saved as Latin-1 or Windows-1252. In your spreadsheet, save it as “CSV UTF-8”, then import it again.';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The headline of a report, and whether the import went through. */
export function describeOutcome(outcome: ImportOutcome): { ok: boolean; summary: string; lines: string[] } {
  if (outcome.status === 'file_problem') return { ok: false, summary: outcome.message, lines: [outcome.message] };
  if (outcome.status === 'no_places') {
    const summary = 'The database has no place data yet, so no office could be placed on the map. Start the server once (npm start), which loads it, then import again.';
    return { ok: false, summary, lines: [summary] };
  }
  if (outcome.status === 'no_association') {
    const summary = `There is no association with the slug “${outcome.slug}”. Nothing was imported.`;
    return { ok: false, summary, lines: [summary] };
  }
  const r = outcome.report;
  const summary =
    outcome.status === 'invalid'
      ? `${plural(r.problemCount, 'row')} of ${plural(r.rows, 'row')} cannot be imported, so nothing was imported. Correct ${r.problemCount === 1 ? 'it' : 'them'} and import the file again (or skip ${r.problemCount === 1 ? 'it' : 'them'}).`
      : r.imported === 0
        ? `Nothing new to import in ${plural(r.rows, 'row')}: nothing was imported.` + (r.duplicateCount ? ' The mediators are there already.' : '')
        : `Imported ${plural(r.imported, 'mediator')} of ${plural(r.rows, 'row')}; each was mailed a link to claim the profile, which stays unlisted until they agree.` +
        (r.problemCount ? ` ${plural(r.problemCount, 'wrong row')} skipped.` : '');
  return { ok: outcome.status === 'imported', summary, lines: [summary, ...(r.notUtf8 ? [NOT_UTF8_HINT] : []), ...noteLines(r)] };
}

function noteLines(r: ImportReport): string[] {
  const section = (title: string, notes: RowNote[], count: number) =>
    count ? [``, title, ...notes.map((n) => `  line ${n.line}: ${n.message}`), ...(count > notes.length ? [`  … and ${plural(count - notes.length, 'more row')}`] : [])] : [];
  return [...section('Rows that are wrong:', r.problems, r.problemCount), ...section('Left out, as the mediator is there already:', r.duplicates, r.duplicateCount)];
}
