import type { Db } from '../db/database.ts';
import type { Viewer } from '../web/viewer.ts';

/**
 * The audit log: every action of an editor, an admin or an association's admin, with who, when,
 * what it was before and after, and why. Write it in the transaction that makes the change, so a
 * change is never without its entry nor an entry without its change. The table refuses UPDATE and
 * DELETE (migration 2026-12-06-06), so nothing here or anywhere can edit or delete an entry.
 */

export interface AuditEntry {
  /** Who acted; null for the site itself (an expiry, a scheduled job). */
  actor: Pick<Viewer, 'id' | 'email' | 'role'> | null;
  /** 'noun.verb': 'user.role_changed', 'profile.approved', 'article.published'. */
  action: string;
  subject: { kind: string; id: string | number | null; label: string };
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  associationId?: number | null;
}

/** The label recorded for work the site does by itself. */
export const SITE_ACTOR = 'Concord (automatic)';

export async function recordAudit(trx: Db, entry: AuditEntry, now: Date): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      actor_user_id: entry.actor?.id ?? null,
      actor_label: entry.actor?.email ?? SITE_ACTOR,
      actor_role: entry.actor?.role ?? 'site',
      action: entry.action,
      subject_kind: entry.subject.kind,
      subject_id: entry.subject.id === null ? null : String(entry.subject.id),
      subject_label: entry.subject.label,
      association_id: entry.associationId ?? null,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      reason: entry.reason ?? null,
    })
    .execute();
}
