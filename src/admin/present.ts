import type { AuditRow } from './audit.ts';

/** An audit entry as the page shows it: plain text, the change field by field. */

export interface AuditItem {
  id: number;
  at: string;
  /** "2026-12-06 13:04:05 UTC". */
  when: string;
  who: string;
  role: string;
  action: string;
  subject: string;
  changes: { field: string; before: string; after: string }[];
  reason: string | null;
}

/** The longest value shown in full; a piece's text, say, is cut with "…". */
const VALUE_MAX = 300;

function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX)}…` : text;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Before and after, one line per field that either names; a value that is no object is one line. */
function changesOf(before: unknown, after: unknown): AuditItem['changes'] {
  if (before === undefined && after === undefined) return [];
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) return [{ field: '', before: valueText(before), after: valueText(after) }];
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => ({ field, before: before === undefined ? '—' : valueText(b[field]), after: after === undefined ? '—' : valueText(a[field]) }));
}

export function presentAuditEntry(r: AuditRow): AuditItem {
  return {
    id: r.id,
    at: r.at,
    when: `${r.at.slice(0, 10)} ${r.at.slice(11, 19)} UTC`,
    who: r.actorLabel,
    role: r.actorRole,
    action: r.action,
    subject: `${r.subjectKind}${r.subjectId === null ? '' : ` #${r.subjectId}`}: ${r.subjectLabel}`,
    changes: changesOf(r.before, r.after),
    reason: r.reason,
  };
}
