import { AreaNav } from '../../../web/area-nav.tsx';
import type { ArticleStatus, ReviewAction } from '../../../db/schema.ts';
import type { PieceCounts } from '../../piece-counts.ts';
import { KIND_LABELS } from '../../schema.ts';
import type { ArticleKind } from '../../types.ts';
import { plural } from '../../../web/format.ts';

/** Words and small pieces the writing and editing pages share. */

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Draft',
  submitted: 'Waiting for review',
  changes_requested: 'Changes requested',
  declined: 'Declined',
  scheduled: 'Scheduled',
  published: 'Published',
};

export const ACTION_LABELS: Record<ReviewAction, string> = {
  submitted: 'Submitted for review',
  withdrawn: 'Withdrawn by a writer',
  approved: 'Approved',
  changes_requested: 'Asked for changes',
  declined: 'Declined',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
  restored: 'Restored a revision',
  authors_changed: 'Changed the authors',
};

export const kindLabel = (kind: ArticleKind) => KIND_LABELS[kind];

/**
 * The status as a label: its words carry the meaning (colour only adds to it), and the
 * status's class gives it a border style as well, for people who do not see colour.
 */
export function StatusLabel({ status }: { status: ArticleStatus }): JSX.Element {
  const label = STATUS_LABELS[status];
  return (
    <span class={`status-label status-${status}`} safe>
      {label}
    </span>
  );
}

export function Notice({ text, error }: { text: string | null | undefined; error?: boolean }): JSX.Element {
  if (!text) return <></>;
  return (
    <div class={error ? 'notice notice-error' : 'notice'} role={error ? 'alert' : 'status'}>
      <p safe>{text}</p>
    </div>
  );
}

/** A comment from an editor, as its writer typed it: line breaks kept, nothing interpreted. */
export function Comment({ text }: { text: string }): JSX.Element {
  return (
    <blockquote class="editor-comment message" safe>
      {text}
    </blockquote>
  );
}

/** A category's or tag's numbers, as its row and its page show them. */
export const countsText = (c: PieceCounts) => `${c.published} published · ${plural(c.pieces, 'piece')} in all`;

export type EditorSection = 'queue' | 'all' | 'write' | 'categories' | 'tags' | 'profiles';

/** The editors' navigation, first on every editor page (the review queue of profiles too). */
export function EditorNav({ current }: { current?: EditorSection }): JSX.Element {
  return <AreaNav area="editor" current={current} />;
}
