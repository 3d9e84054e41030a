import type { QueueItem } from '../credentials/review.ts';
import { formatDate } from '../../web/format.ts';
import { CsrfField, FieldLabel } from '../../web/forms.tsx';
import type { FieldProblem } from '../../web/http-error.ts';

/**
 * Evidence waiting for a decision, as the admins' queue (/admin/credentials) and an association's
 * admin page show it: the credential, the member, the file, and Verify / Decline with a note.
 */

export const NOTE_MAX = 1000;

export interface QueueProblem {
  evidenceId: number;
  problems: FieldProblem[];
  typed: string;
}

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function CredentialQueue({ items, csrf, actionBase, problem, headingLevel = 2 }: { items: QueueItem[]; csrf: string; actionBase: string; problem?: QueueProblem | null; headingLevel?: 2 | 3 }): JSX.Element {
  if (!items.length) return <p class="muted">No evidence is waiting for review.</p>;
  return (
    <ol class="cards review-list">
      {items.map((item) => {
        const mine = problem?.evidenceId === item.evidenceId ? problem : null;
        const line = [item.issuer, item.year === null ? null : String(item.year)].filter(Boolean).join(', ');
        const Heading = headingLevel === 2 ? 'h2' : 'h3';
        return (
          <li class="card review-item" id={`evidence-${item.evidenceId}`}>
            <Heading safe>{item.title}</Heading>
            <p>
              <a href={`/mediators/${item.mediator.slug}`} safe>
                {item.mediator.name}
              </a>
              {line ? (
                <>
                  {' · '}
                  <span safe>{line}</span>
                </>
              ) : (
                ''
              )}
            </p>
            <p class="muted" safe>
              {`Sent ${formatDate(item.uploadedAt)}${item.issuerAssociation ? ` · the member says ${item.issuerAssociation} issued it` : ''}`}
            </p>
            <p>
              <a href={`/credentials/evidence/${item.evidenceId}`} safe>
                {`Open the evidence (${item.mediaType === 'application/pdf' ? 'PDF' : 'image'}, ${sizeText(item.bytes)})`}
              </a>
            </p>
            <div class="review-actions">
              <form method="post" action={`${actionBase}/${item.evidenceId}/verify`}>
                <CsrfField token={csrf} />
                <p>The evidence shows the member holds this credential today.</p>
                <button class="button" type="submit">
                  Verify
                </button>
              </form>
              <form method="post" action={`${actionBase}/${item.evidenceId}/decline`}>
                <CsrfField token={csrf} />
                <div class={mine?.problems.length ? 'field field-invalid' : 'field'}>
                  <FieldLabel id={`note-${item.evidenceId}`} label="Why it cannot be verified" hint="Sent to the member." error={mine?.problems[0]?.message} />
                  <textarea
                    id={`note-${item.evidenceId}`}
                    name="note"
                    rows="3"
                    maxlength={NOTE_MAX}
                    aria-invalid={mine?.problems.length ? 'true' : undefined}
                    aria-describedby={mine?.problems.length ? `note-${item.evidenceId}-hint note-${item.evidenceId}-error` : `note-${item.evidenceId}-hint`}
                    safe
                  >
                    {mine?.typed ?? ''}
                  </textarea>
                </div>
                <button class="button button-secondary" type="submit">
                  Decline
                </button>
              </form>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
