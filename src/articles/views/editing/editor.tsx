import { clientScript } from '../../../web/client.ts';
import { CsrfField, ErrorSummary } from '../../../web/forms.tsx';
import type { ArticleStatus } from '../../../db/schema.ts';
import { ErrorLine } from '../../../web/fields.tsx';
import type { FieldProblem } from '../../../web/http-error.ts';
import { Layout } from '../../../web/layout.tsx';
import type { RevisionDiff, RevisionItem } from '../../revisions.ts';
import { ARTICLE_LIMITS } from '../../schema.ts';
import { formatInZone, localInputValue, TIME_ZONES } from '../../../lib/time-zones.ts';
import { EDITOR_PAGE_SIZE, formatUtc, STATUS_FILTERS, type PiecePreview, type PieceSummary, type StatusFilter, type TrailEntry } from '../../workflow.ts';
import { ACTION_LABELS, Comment, EditorNav, kindLabel, Notice, STATUS_LABELS, StatusLabel } from './common.tsx';
import { ArticleForm, type ArticleFormView } from './form.tsx';
import { ArticlePreview } from './preview.tsx';
import { formatDate, formatList, plural } from '../../../web/format.ts';

/** The editors' pages: the review queue, every piece, the review page, and what changed in a revision. */

function PieceRow({ p, showSubmitted, zone }: { p: PieceSummary; showSubmitted?: boolean; zone: string }): JSX.Element {
  const by = p.authors.length ? `By ${formatList(p.authors)}` : 'No byline';
  return (
    <li class="piece-card">
      <h2 class="card-title">
        <a href={`/editor/articles/${p.id}`} safe>
          {p.title}
        </a>
      </h2>
      <p class="muted">
        <span safe>{kindLabel(p.kind)}</span> · <span safe>{by}</span> ·{' '}
        {showSubmitted && p.submittedAt ? (
          <>
            submitted <time datetime={p.submittedAt} safe>{formatDate(p.submittedAt)}</time>
          </>
        ) : (
          <>
            changed <time datetime={p.updatedAt} safe>{formatDate(p.updatedAt)}</time>
          </>
        )}
      </p>
      <p>
        <StatusLabel status={p.status} />
        {p.status === 'scheduled' && p.publishAt ? <span safe>{` for ${formatInZone(p.publishAt, zone)}`}</span> : ''}
      </p>
    </li>
  );
}

export function EditorHomePage(v: { queue: PieceSummary[]; scheduled: PieceSummary[]; zone: string | null }): JSX.Element {
  const zone = v.zone ?? 'UTC';
  return (
    <Layout title="Review queue" section="account" noindex>
      <EditorNav current="queue" />
      <h1>Review queue</h1>
      <p>Pieces members submitted, the longest waiting first. Open one to read it as it will look, then publish it, schedule it, ask for a change or decline it.</p>
      <p>
        <a class="button" href="/editor/articles/new?kind=news">
          Write a news summary
        </a>
      </p>
      {v.queue.length ? (
        <ul class="cards piece-list" aria-label="Waiting for review">
          {v.queue.map((p) => (
            <PieceRow p={p} showSubmitted zone={zone} />
          ))}
        </ul>
      ) : (
        <p class="lead">Nothing is waiting for review.</p>
      )}
      <h2>Scheduled</h2>
      {v.scheduled.length ? (
        <ul class="cards piece-list" aria-label="Scheduled">
          {v.scheduled.map((p) => (
            <PieceRow p={p} zone={zone} />
          ))}
        </ul>
      ) : (
        <p>Nothing is scheduled.</p>
      )}
    </Layout>
  );
}

const FILTER_LABELS: Record<StatusFilter, string> = { all: 'All', ...STATUS_LABELS };

export function EditorListPage(v: { filter: StatusFilter; page: number; total: number; counts: Record<ArticleStatus, number>; items: PieceSummary[]; zone: string | null }): JSX.Element {
  const zone = v.zone ?? 'UTC';
  const all = Object.values(v.counts).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(v.total / EDITOR_PAGE_SIZE));
  const link = (page: number) => `/editor/articles?status=${v.filter}&page=${page}`;
  return (
    <Layout title="All pieces" section="account" noindex>
      <EditorNav current="all" />
      <h1>All pieces</h1>
      <nav aria-label="By status">
        <ul class="tabs">
          {STATUS_FILTERS.map((f) => {
            const label = `${FILTER_LABELS[f]} (${f === 'all' ? all : v.counts[f]})`;
            return (
              <li>
                <a href={`/editor/articles?status=${f}`} aria-current={f === v.filter ? 'page' : undefined} safe>
                  {label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      {v.items.length ? (
        <ul class="cards piece-list">
          {v.items.map((p) => (
            <PieceRow p={p} zone={zone} />
          ))}
        </ul>
      ) : (
        <p class="lead">No pieces here.</p>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages">
          {v.page > 1 ? <a href={link(v.page - 1)}>← Newer</a> : <span />}
          <span safe>{`Page ${v.page} of ${pages}`}</span>
          {v.page < pages ? <a href={link(v.page + 1)}>Older →</a> : <span />}
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function EditorFormPage(v: { piece: PieceSummary | null; form: Omit<ArticleFormView, 'role'>; problem?: string | null }): JSX.Element {
  const title = v.piece ? `Edit: ${v.piece.title}` : 'Write a piece';
  return (
    <Layout title={title} section="account" noindex>
      <EditorNav current={v.piece ? undefined : 'write'} />
      {v.piece ? (
        <p>
          <a href={`/editor/articles/${v.piece.id}`}>← Back to the review page</a>
        </p>
      ) : (
        ''
      )}
      <h1 safe>{title}</h1>
      <Notice text={v.problem} error />
      {v.piece ? (
        <p>
          <StatusLabel status={v.piece.status} />{' '}
          {v.piece.status === 'published' ? 'Saving changes the published page at once, and shows an “Updated” date.' : 'Saving keeps a revision; the status stays as it is.'}
        </p>
      ) : (
        <p>News summaries can go out under “Concord editors”. Save, then publish or schedule it from its review page, or publish it at once.</p>
      )}
      <ArticleForm {...v.form} role="editor" />
    </Layout>
  );
}

export type ReviewNotice = 'saved' | 'created' | 'published' | 'scheduled' | 'changes_requested' | 'declined' | 'unpublished' | 'restored';
export const REVIEW_NOTICES: Record<ReviewNotice, string> = {
  created: 'Saved as a draft. Publish it now or schedule it below.',
  saved: 'Your changes are saved, with a new revision.',
  published: 'Published. If a member wrote it, they were told by email.',
  scheduled: 'Scheduled. It will be published at that time, and its writer was told.',
  changes_requested: 'Sent back to the writer with your comment, by email.',
  declined: 'Declined. The writer was sent your note.',
  unpublished: 'Taken down: it is a draft again and is off the site.',
  restored: 'That revision is restored, as a new revision.',
};

export interface ReviewProblems {
  /** Which form the problem is in, so it shows beside it with what was typed. */
  form: 'changes' | 'decline' | 'schedule';
  problems: FieldProblem[];
  typed: string;
  /** The schedule form's zone as sent, when it was one from the list. */
  zone?: string;
}

function CommentForm(v: { id: number; csrf: string; action: 'changes' | 'decline'; label: string; button: string; hint: string; secondary?: boolean; problem?: ReviewProblems | null }): JSX.Element {
  const fieldId = `${v.action}-comment`;
  const mine = v.problem?.form === v.action ? v.problem : null;
  const error = mine?.problems[0]?.message;
  return (
    <form method="post" action={`/editor/articles/${v.id}/${v.action}`} novalidate class="decision-form">
      <CsrfField token={v.csrf} />
      <div class={error ? 'field field-invalid' : 'field'}>
        <label for={fieldId} safe>
          {v.label}
        </label>
        <span class="hint" id={`${fieldId}-hint`} safe>
          {v.hint}
        </span>
        <ErrorLine id={fieldId} error={error} />
        <textarea id={fieldId} name="comment" rows="4" maxlength={ARTICLE_LIMITS.comment} aria-describedby={error ? `${fieldId}-hint ${fieldId}-error` : `${fieldId}-hint`} safe>
          {mine?.typed ?? ''}
        </textarea>
      </div>
      <button class={v.secondary ? 'button button-secondary' : 'button'} type="submit" safe>
        {v.button}
      </button>
    </form>
  );
}

const ZONE_OPTIONS = TIME_ZONES.map((z) => [z, z.replace(/_/g, ' ')] as const);

/**
 * The schedule form's time zone. Without a saved zone it says UTC is used, and the zone script
 * (src/web/client/time-zone.ts) picks the browser's zone instead; the server remembers the zone
 * an editor schedules in, so it is their default from then on.
 */
function TimeZoneField({ zone, chosen, now }: { zone: string; chosen: boolean; now: Date }): JSX.Element {
  const hint = chosen
    ? 'The zone you scheduled in last time. Times are stored in UTC and shown to you in this zone.'
    : 'Times are in UTC until you choose your zone; we remember it for next time.';
  return (
    <div class="field">
      <label for="time_zone">Time zone</label>
      <span class="hint" id="time_zone-hint" data-zone-hint>
        {hint}
      </span>
      <select id="time_zone" name="time_zone" aria-describedby="time_zone-hint" data-zone-default={chosen ? undefined : 'browser'} data-now={now.toISOString()}>
        {ZONE_OPTIONS.map(([value, text]) => (
          <option value={value} selected={value === zone} safe>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ReviewPage(v: {
  csrf: string;
  piece: PieceSummary;
  preview: PiecePreview;
  trail: TrailEntry[];
  revisions: RevisionItem[];
  now: Date;
  /** The editor's own time zone, or null when they have not chosen one (UTC, until the browser says). */
  zone: string | null;
  notice?: ReviewNotice | null;
  problem?: ReviewProblems | null;
  moved?: string | null;
}): JSX.Element {
  const { piece, csrf } = v;
  const id = piece.id;
  const notice = v.notice ? REVIEW_NOTICES[v.notice] : null;
  const waiting = piece.status === 'submitted';
  const live = piece.status === 'published';
  const scheduleError = v.problem?.form === 'schedule' ? v.problem.problems[0]?.message : undefined;
  const zone = v.problem?.form === 'schedule' ? v.problem.zone ?? v.zone ?? 'UTC' : v.zone ?? 'UTC';
  const suggested = new Date(Math.ceil((v.now.getTime() + 3_600_000) / 3_600_000) * 3_600_000).toISOString();
  // The instant behind the shown time, so the zone script can show it in the browser's zone.
  const shownInstant = v.problem?.form === 'schedule' ? null : piece.status === 'scheduled' && piece.publishAt ? piece.publishAt : suggested;
  const scheduleValue = shownInstant ? localInputValue(shownInstant, zone) : v.problem!.typed;
  return (
    <Layout title={`Review: ${piece.title}`} section="account" noindex scripts={[clientScript('time-zone')]}>
      <EditorNav />
      <Notice text={notice} />
      <Notice text={v.moved} error />
      {v.problem ? <ErrorSummary problems={v.problem.problems} /> : ''}
      <div class="review-status panel">
        <p>
          <StatusLabel status={piece.status} />
          {piece.status === 'scheduled' && piece.publishAt ? <span safe>{` for ${formatInZone(piece.publishAt, zone)}`}</span> : ''}
          {waiting && piece.submittedAt ? (
            <>
              {' '}
              since <time datetime={piece.submittedAt} safe>{formatDate(piece.submittedAt)}</time>
            </>
          ) : (
            ''
          )}
        </p>
        <ul class="actions">
          <li>
            <a href="#decision">Go to the decision</a>
          </li>
          <li>
            <a href={`/editor/articles/${id}/edit`}>Edit this piece</a>
          </li>
          {live ? (
            <li>
              <a href={`/articles/${piece.slug}`}>See it on the site</a>
            </li>
          ) : (
            ''
          )}
        </ul>
      </div>

      <ArticlePreview piece={piece} preview={v.preview} />

      <section class="panel decision" id="decision" aria-labelledby="decision-title" tabindex="-1">
        <h2 id="decision-title">Decision</h2>
        {live ? (
          <>
            <p>This piece is published.</p>
            <form method="post" action={`/editor/articles/${id}/unpublish`} class="inline-form">
              <CsrfField token={csrf} />
              <button class="button button-danger" type="submit">
                Unpublish
              </button>
            </form>
            <p class="hint">Unpublishing takes it off every list, feed and search at once; it becomes a draft again.</p>
          </>
        ) : (
          <>
            <form method="post" action={`/editor/articles/${id}/publish`} class="inline-form">
              <CsrfField token={csrf} />
              <button class="button" type="submit">
                {waiting ? 'Approve and publish now' : 'Publish now'}
              </button>
            </form>
            <form method="post" action={`/editor/articles/${id}/schedule`} novalidate class="decision-form">
              <CsrfField token={csrf} />
              <div class={scheduleError ? 'field field-invalid' : 'field'}>
                <label for="publish_at">{waiting ? 'Approve and publish on' : 'Publish on'}</label>
                <span class="hint" id="publish_at-hint" safe>
                  {`Date and time in the time zone below. Now it is ${formatInZone(v.now.toISOString(), zone)}.`}
                </span>
                <ErrorLine id="publish_at" error={scheduleError} />
                <input
                  id="publish_at"
                  name="publish_at"
                  type="datetime-local"
                  value={scheduleValue}
                  data-instant={shownInstant ?? undefined}
                  aria-invalid={scheduleError ? 'true' : undefined}
                  aria-describedby={scheduleError ? 'publish_at-hint publish_at-error' : 'publish_at-hint'}
                />
              </div>
              <TimeZoneField zone={zone} chosen={v.zone !== null || v.problem?.form === 'schedule'} now={v.now} />
              <button class="button button-secondary" type="submit">
                {piece.status === 'scheduled' ? 'Change the time' : 'Schedule'}
              </button>
            </form>
            {piece.status === 'scheduled' ? (
              <form method="post" action={`/editor/articles/${id}/unpublish`} class="inline-form">
                <CsrfField token={csrf} />
                <button class="button button-secondary" type="submit">
                  Call off the schedule
                </button>
              </form>
            ) : (
              ''
            )}
            {waiting ? (
              <>
                <CommentForm
                  id={id}
                  csrf={csrf}
                  action="changes"
                  label="Your comment: what should change?"
                  hint="The writer gets it by email, can edit the piece, and submit it again."
                  button="Ask for changes"
                  secondary
                  problem={v.problem}
                />
                <CommentForm
                  id={id}
                  csrf={csrf}
                  action="decline"
                  label="Your note: why is it declined?"
                  hint="A short, kind note; the writer gets it by email and cannot submit this piece again."
                  button="Decline"
                  secondary
                  problem={v.problem}
                />
              </>
            ) : (
              ''
            )}
          </>
        )}
      </section>

      <section aria-labelledby="trail-title">
        <h2 id="trail-title">Trail</h2>
        {v.trail.length ? (
          <ol class="trail" reversed="">
            {v.trail.map((t) => {
              const what = ACTION_LABELS[t.action];
              const by = t.by ?? 'Concord (on schedule)';
              return (
                <li>
                  <strong safe>{what}</strong> · <time datetime={t.at} safe>{formatUtc(t.at)}</time> · <span safe>{by}</span>
                  {t.comment ? <Comment text={t.comment} /> : ''}
                </li>
              );
            })}
          </ol>
        ) : (
          <p>Nothing has happened to this piece yet.</p>
        )}
      </section>

      <section aria-labelledby="revisions-title">
        <h2 id="revisions-title">Revisions</h2>
        <p safe>{`${plural(v.revisions.length, 'saved version')}, the latest first. Each shows what changed from the one before.`}</p>
        <ol class="revisions" reversed="">
          {v.revisions.map((r, i) => {
            const by = r.by ?? 'Concord';
            return (
              <li>
                <a href={`/editor/articles/${id}/revisions/${r.id}`}>
                  <time datetime={r.at} safe>{formatUtc(r.at)}</time>
                </a>{' '}
                · <span safe>{by}</span>
                {i === 0 ? ' · current' : ''}
              </li>
            );
          })}
        </ol>
      </section>
    </Layout>
  );
}

export function DiffPage(v: { csrf: string; piece: PieceSummary; diff: RevisionDiff; isCurrent: boolean }): JSX.Element {
  const { diff, piece } = v;
  const title = `What changed: ${piece.title}`;
  const savedBy = diff.revision.by ?? 'Concord';
  return (
    <Layout title={title} section="account" noindex>
      <EditorNav />
      <p>
        <a href={`/editor/articles/${piece.id}#revisions-title`}>← Back to the review page</a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        The version saved <time datetime={diff.revision.at} safe>{formatUtc(diff.revision.at)}</time> by <span safe>{savedBy}</span>,{' '}
        {diff.previous ? (
          <>
            compared with the one saved <time datetime={diff.previous.at} safe>{formatUtc(diff.previous.at)}</time>.
          </>
        ) : (
          'the first version: everything in it is new.'
        )}
      </p>
      <p class="hint diff-key">
        Lines marked <ins class="diff-add">+ added</ins> are new in this version; lines marked <del class="diff-del">− removed</del> were in the one before.
      </p>
      {diff.fields.length ? (
        diff.fields.map((f) => (
          <section class="diff-field">
            <h2 safe>{f.label}</h2>
            <pre class="diff">
              {f.lines.map((l) =>
                l.op === 'add' ? (
                  <ins class="diff-add">
                    <span class="visually-hidden">Added: </span>
                    <span aria-hidden="true">+ </span>
                    <span safe>{l.text}</span>
                    {'\n'}
                  </ins>
                ) : l.op === 'del' ? (
                  <del class="diff-del">
                    <span class="visually-hidden">Removed: </span>
                    <span aria-hidden="true">− </span>
                    <span safe>{l.text}</span>
                    {'\n'}
                  </del>
                ) : (
                  <span class="diff-same">
                    <span aria-hidden="true">{'  '}</span>
                    <span safe>{l.text}</span>
                    {'\n'}
                  </span>
                ),
              )}
            </pre>
          </section>
        ))
      ) : (
        <p>Nothing in the text changed in this version.</p>
      )}
      {v.isCurrent ? (
        <p>This is the current version.</p>
      ) : (
        <form method="post" action={`/editor/articles/${piece.id}/revisions/${diff.revision.id}/restore`}>
          <CsrfField token={v.csrf} />
          <button class="button" type="submit">
            Restore this version
          </button>
          <span class="hint">Restoring saves it as a new version; nothing is lost.</span>
        </form>
      )}
    </Layout>
  );
}
