import type { Db } from '../db/database.ts';
import { recordAudit } from '../audit/log.ts';
import type { Viewer } from '../web/viewer.ts';
import type { Language, LanguageName } from './types.ts';

/**
 * The languages mediators list live in the `languages` table (migration 2026-12-06-15), which
 * admins edit at /admin/languages. Search reads them from its index (`indexFor(db).languages`),
 * which reloads them through the change log like the practice areas; pages outside search read
 * the table.
 */

/** Codes: ISO 639-1 (two letters) or ISO 639-3 (three letters, which include sign languages such as `ase`, and the site's `asl`). */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

export async function listLanguages(db: Db): Promise<Language[]> {
  const rows = await db.selectFrom('languages').select(['code', 'name', 'hidden']).execute();
  return sortLanguages(rows.map((r) => ({ code: r.code, name: r.name, hidden: Number(r.hidden) === 1 })));
}

/**
 * What a profile form offers: every language not hidden, and the hidden ones this profile
 * already lists (so saving the form keeps them); a hidden language cannot be newly chosen.
 */
export async function offeredLanguages(db: Db, mediatorId: number | null): Promise<Language[]> {
  const [all, own] = await Promise.all([
    listLanguages(db),
    mediatorId === null ? Promise.resolve([]) : db.selectFrom('mediator_languages').select('language').where('mediator_id', '=', mediatorId).execute(),
  ]);
  const listed = new Set(own.map((r) => r.language));
  return all.filter((l) => !l.hidden || listed.has(l.code));
}

/** By English name, as people look for them. */
export const sortLanguages = (list: Language[]): Language[] => list.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.code.localeCompare(b.code));

/** Names by code, for a list of languages. */
export const languageNames = (list: readonly Language[]): Map<string, string> => new Map(list.map((l) => [l.code, l.name]));

/** The names of these codes, in the order given; a code the list lacks shows as itself. */
export const namesOf = (codes: readonly string[], names: ReadonlyMap<string, string>): string[] => codes.map((c) => names.get(c) ?? c);

/** The languages these mediators list, with their names as they are now, by name. */
export async function languagesOf(db: Db, mediatorIds: readonly number[]): Promise<Map<number, LanguageName[]>> {
  const out = new Map<number, LanguageName[]>(mediatorIds.map((id) => [id, []]));
  if (!mediatorIds.length) return out;
  const rows = await db
    .selectFrom('mediator_languages')
    .leftJoin('languages', 'languages.code', 'mediator_languages.language')
    .select(['mediator_languages.mediator_id', 'mediator_languages.language', 'languages.name'])
    .where('mediator_languages.mediator_id', 'in', [...mediatorIds])
    .execute();
  for (const r of rows) out.get(r.mediator_id)?.push({ code: r.language, name: r.name ?? r.language });
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return out;
}

// --- Admins' edits ---------------------------------------------------------------------------------
// Each edit runs in one transaction with its audit entry. The triggers on `languages` append
// mediator id 0 to the change log, so every instance's search index reloads them on its next search.

export interface LanguageUse extends Language {
  /** Profiles that list it; only an unused language can be deleted. */
  profiles: number;
}

export async function listLanguageUse(db: Db): Promise<LanguageUse[]> {
  const [languages, counts] = await Promise.all([
    listLanguages(db),
    db.selectFrom('mediator_languages').select(['language', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('language').execute(),
  ]);
  const used = new Map(counts.map((c) => [c.language, Number(c.n)]));
  return languages.map((l) => ({ ...l, profiles: used.get(l.code) ?? 0 }));
}

async function nameTaken(db: Db, name: string, except?: string): Promise<boolean> {
  const rows = await db.selectFrom('languages').select(['code', 'name']).execute();
  return rows.some((r) => r.code !== except && r.name.toLowerCase() === name.toLowerCase());
}

export type AddLanguageOutcome = 'added' | 'code_taken' | 'name_taken';

export async function addLanguage(db: Db, actor: Viewer, input: { code: string; name: string }, now: Date): Promise<AddLanguageOutcome> {
  return db.transaction().execute(async (trx): Promise<AddLanguageOutcome> => {
    const existing = await trx.selectFrom('languages').select('code').where('code', '=', input.code).executeTakeFirst();
    if (existing) return 'code_taken';
    if (await nameTaken(trx, input.name)) return 'name_taken';
    await trx.insertInto('languages').values({ code: input.code, name: input.name, hidden: 0 }).execute();
    await recordAudit(trx, { actor, action: 'language.added', subject: { kind: 'language', id: input.code, label: input.name }, after: input }, now);
    return 'added';
  });
}

/** Renames a language; its code, so search addresses and profiles, stays. */
export async function renameLanguage(db: Db, actor: Viewer, code: string, name: string, now: Date): Promise<'saved' | 'not_found' | 'name_taken'> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('languages').select('name').where('code', '=', code).executeTakeFirst();
    if (!before) return 'not_found';
    if (await nameTaken(trx, name, code)) return 'name_taken';
    if (before.name === name) return 'saved';
    await trx.updateTable('languages').set({ name }).where('code', '=', code).execute();
    await recordAudit(trx, { actor, action: 'language.renamed', subject: { kind: 'language', id: code, label: name }, before, after: { name } }, now);
    return 'saved';
  });
}

/** Hides a language from the search filter and the profile form, or offers it again. */
export async function setLanguageHidden(db: Db, actor: Viewer, code: string, hidden: boolean, now: Date): Promise<'saved' | 'not_found'> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('languages').select(['name', 'hidden']).where('code', '=', code).executeTakeFirst();
    if (!before) return 'not_found';
    if ((Number(before.hidden) === 1) === hidden) return 'saved';
    await trx.updateTable('languages').set({ hidden: hidden ? 1 : 0 }).where('code', '=', code).execute();
    const action = hidden ? 'language.hidden' : 'language.shown';
    await recordAudit(trx, { actor, action, subject: { kind: 'language', id: code, label: before.name }, before: { hidden: !hidden }, after: { hidden } }, now);
    return 'saved';
  });
}

export type DeleteLanguageOutcome = { status: 'deleted' | 'not_found' } | { status: 'in_use'; profiles: number };

/** Deletes a language no profile lists; conditional, so a profile saved with it meanwhile keeps it. */
export async function deleteLanguage(db: Db, actor: Viewer, code: string, now: Date): Promise<DeleteLanguageOutcome> {
  return db.transaction().execute(async (trx): Promise<DeleteLanguageOutcome> => {
    const gone = await trx.selectFrom('languages').select(['name', 'hidden']).where('code', '=', code).executeTakeFirst();
    if (!gone) return { status: 'not_found' };
    const done = await trx
      .deleteFrom('languages')
      .where('code', '=', code)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('mediator_languages').select('mediator_id').where('language', '=', code))))
      .executeTakeFirst();
    if (Number(done.numDeletedRows) !== 1) {
      const used = await trx.selectFrom('mediator_languages').select((eb) => eb.fn.countAll<number>().as('n')).where('language', '=', code).executeTakeFirstOrThrow();
      return { status: 'in_use', profiles: Number(used.n) };
    }
    await recordAudit(trx, { actor, action: 'language.deleted', subject: { kind: 'language', id: code, label: gone.name }, before: { code, name: gone.name, hidden: Number(gone.hidden) === 1 }, after: null }, now);
    return { status: 'deleted' };
  });
}
