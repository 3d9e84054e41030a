import { containsText } from '../db/like.ts';
import type { DbContext } from '../web/context.ts';

/**
 * Reading the audit log for the admins' page: newest first, 50 a page, filtered by who acted
 * (part of their email address), the action ('user' for every user action, or 'user.suspended'),
 * the subject's kind and a range of UTC days. Only reads: the table refuses UPDATE and DELETE.
 */

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  actor: string;
  /** A noun ('article') for all its actions, or one 'noun.verb'; '' for all. */
  action: string;
  kind: string;
  /** UTC days, YYYY-MM-DD, both included; '' for open. */
  from: string;
  to: string;
}

export interface AuditRow {
  id: number;
  at: string;
  actorLabel: string;
  actorRole: string;
  action: string;
  subjectKind: string;
  subjectId: string | null;
  subjectLabel: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();

function matching({ db, engine }: DbContext, f: AuditFilter) {
  return db
    .selectFrom('audit_log')
    .$if(f.actor !== '', (qb) => qb.where((eb) => containsText(engine, eb.ref('actor_label'), f.actor)))
    // substr rather than LIKE: a noun may hold "_", which LIKE would take for any character.
      .$if(f.action !== '' && !f.action.includes('.'), (qb) => qb.where((eb) => eb(eb.fn<string>('substr', ['action', eb.val(1), eb.val(f.action.length + 1)]), '=', `${f.action}.`)))
    .$if(f.action.includes('.'), (qb) => qb.where('action', '=', f.action))
    .$if(f.kind !== '', (qb) => qb.where('subject_kind', '=', f.kind))
    .$if(f.from !== '', (qb) => qb.where('at', '>=', `${f.from}T00:00:00.000Z`))
    .$if(f.to !== '', (qb) => qb.where('at', '<', nextDay(f.to)));
}

const parsed = (json: string | null): unknown => (json === null ? undefined : JSON.parse(json));

/** One page of entries, and how many match on every page. */
export async function listAudit(ctx: DbContext, filter: AuditFilter, page: number): Promise<{ entries: AuditRow[]; matching: number; pageCount: number }> {
  const q = matching(ctx, filter);
  const matchingCount = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const pageCount = Math.max(1, Math.ceil(matchingCount / AUDIT_PAGE_SIZE));
  if (page > pageCount) return { entries: [], matching: matchingCount, pageCount };
  const rows = await q
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  const entries = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorLabel: r.actor_label,
    actorRole: r.actor_role,
    action: r.action,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    subjectLabel: r.subject_label,
    before: parsed(r.before_json),
    after: parsed(r.after_json),
    reason: r.reason,
  }));
  return { entries, matching: matchingCount, pageCount };
}

/** The actions and subject kinds the log holds, for the filter's choices. */
export async function auditChoices({ db }: DbContext): Promise<{ actions: string[]; kinds: string[] }> {
  const [actions, kinds] = await Promise.all([
    db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
    db.selectFrom('audit_log').select('subject_kind').distinct().orderBy('subject_kind').execute(),
  ]);
  return { actions: actions.map((r) => r.action), kinds: kinds.map((r) => r.subject_kind) };
}
