import { CsrfField, PostButton } from '../../../web/forms.tsx';
import { AreaNav } from '../../../web/area-nav.tsx';
import { Layout } from '../../../web/layout.tsx';
import { formatUtc, MEMBER_EDITABLE, type PiecePreview, type PieceSummary } from '../../workflow.ts';
import { Comment, kindLabel, Notice, StatusLabel } from './common.tsx';
import { ArticleForm, type ArticleFormView } from './form.tsx';
import { ArticlePreview } from './preview.tsx';
import { formatDate, formatList } from '../../../web/format.ts';

/** The member's own writing: the list, the form, the locked view while an editor reads it, the preview. */

export type OwnNotice = 'created' | 'saved' | 'submitted' | 'withdrawn' | 'left';
export const OWN_NOTICES: Record<OwnNotice, string> = {
  created: 'Your draft is saved. Only its authors and the editors can see it. Submit it for review when it is ready.',
  saved: 'Your changes are saved.',
  submitted: 'Thank you: your piece is with the editors. We will email you when they answer.',
  withdrawn: 'Your piece is withdrawn from review: it is a draft again and out of the editors’ queue. Submit it again when it is ready.',
  left: 'Your name is off that piece, and it is no longer among yours. Its other authors keep it.',
};

/** What the status means for the writer, and what they can do next. */
function statusText(p: PieceSummary): string {
  switch (p.status) {
    case 'draft':
      return 'Only its authors and the editors can see it. Submit it for review when it is ready.';
    case 'submitted':
      return `Submitted ${formatDate(p.submittedAt ?? p.updatedAt)}. An editor will read it; until they answer, it cannot be changed unless you withdraw it.`;
    case 'changes_requested':
      return 'An editor asked for a change. Edit it, then submit it again.';
    case 'declined':
      return 'An editor decided not to publish it. You can still read it here.';
    case 'scheduled':
      return `Approved. It will be published on ${formatUtc(p.publishAt ?? p.updatedAt)}.`;
    case 'published':
      return `Published ${formatDate(p.publishedAt ?? p.updatedAt)}.`;
  }
}

/** Back to a draft, out of the editors' queue; the piece's title is in its name for a list of several. */
function WithdrawButton({ piece, csrf }: { piece: PieceSummary; csrf: string }): JSX.Element {
  return (
    <form method="post" action={`/dashboard/articles/${piece.id}/withdraw`} class="inline-form">
      <CsrfField token={csrf} />
      <button class="button button-secondary" type="submit">
        Withdraw from review <span class="visually-hidden" safe>{piece.title}</span>
      </button>
    </form>
  );
}

/** A co-author takes their name off the piece; never offered to its only author. */
function LeaveForm({ piece, csrf }: { piece: PieceSummary; csrf: string }): JSX.Element {
  if (piece.authors.length < 2) return <></>;
  return (
    <div class="leave-piece">
      <PostButton action={`/dashboard/articles/${piece.id}/leave`} csrf={csrf} label="Remove me from this piece" secondary />
      <p class="hint">Your name comes off its byline and the piece leaves your list; its other authors keep it.</p>
    </div>
  );
}

function PieceStatus({ piece }: { piece: PieceSummary }): JSX.Element {
  const text = statusText(piece);
  return (
    <>
      <p>
        <StatusLabel status={piece.status} /> <span safe>{text}</span>
      </p>
      {piece.note ? (
        <div class="editor-note">
          <p>
            <strong>{piece.note.action === 'declined' ? 'The editor’s note' : 'The editor’s comment'}</strong> (<time datetime={piece.note.at} safe>{formatDate(piece.note.at)}</time>):
          </p>
          <Comment text={piece.note.comment} />
        </div>
      ) : (
        ''
      )}
    </>
  );
}

export function OwnPiecesPage(v: { pieces: PieceSummary[]; csrf: string; notice?: OwnNotice | null }): JSX.Element {
  const notice = v.notice ? OWN_NOTICES[v.notice] : null;
  return (
    <Layout title="Your articles" section="account" noindex>
      <AreaNav area="dashboard" current="articles" />
      <h1>Your articles</h1>
      <Notice text={notice} />
      <p>Write an article, or share a video, for Concord's readers. An editor reads every piece before it is published and may ask you for a change.</p>
      <p>
        <a class="button" href="/dashboard/articles/new">
          Write an article
        </a>
      </p>
      {v.pieces.length ? (
        <ul class="cards piece-list">
          {v.pieces.map((p) => {
            const editable = MEMBER_EDITABLE.includes(p.status);
            return (
              <li class="piece-card">
                <h2 class="card-title">
                  <a href={`/dashboard/articles/${p.id}`} safe>
                    {p.title}
                  </a>
                </h2>
                <p class="muted">
                  <span safe>{kindLabel(p.kind)}</span>
                  {p.authors.length > 1 ? <span safe>{` · by ${formatList(p.authors)}`}</span> : ''} · changed{' '}
                  <time datetime={p.updatedAt} safe>
                    {formatDate(p.updatedAt)}
                  </time>
                </p>
                <PieceStatus piece={p} />
                <ul class="actions">
                  <li>
                    <a href={`/dashboard/articles/${p.id}`}>
                      {editable ? 'Edit' : 'Open'} <span class="visually-hidden" safe>{p.title}</span>
                    </a>
                  </li>
                  <li>
                    <a href={`/dashboard/articles/${p.id}/preview`}>
                      Preview <span class="visually-hidden" safe>{p.title}</span>
                    </a>
                  </li>
                  {p.status === 'published' ? (
                    <li>
                      <a href={`/articles/${p.slug}`}>
                        Read it on the site <span class="visually-hidden" safe>{p.title}</span>
                      </a>
                    </li>
                  ) : (
                    ''
                  )}
                  {editable ? (
                    <li>
                      <PostButton action={`/dashboard/articles/${p.id}/submit`} csrf={v.csrf} label="Submit for review" secondary />
                    </li>
                  ) : (
                    ''
                  )}
                  {p.status === 'submitted' ? (
                    <li>
                      <WithdrawButton piece={p} csrf={v.csrf} />
                    </li>
                  ) : (
                    ''
                  )}
                </ul>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="lead">You have not written anything yet.</p>
      )}
    </Layout>
  );
}

/** A new piece, or one of the member's own that they may still edit. */
export function OwnPieceFormPage(v: { piece: PieceSummary | null; form: Omit<ArticleFormView, 'role'>; notice?: OwnNotice | null; problem?: string | null }): JSX.Element {
  const title = v.piece ? `Edit: ${v.piece.title}` : 'Write an article';
  const notice = v.notice ? OWN_NOTICES[v.notice] : null;
  return (
    <Layout title={title} section="account" noindex>
      <AreaNav area="dashboard" current="articles" />
      <p>
        <a href="/dashboard/articles">← Your articles</a>
      </p>
      <h1 safe>{title}</h1>
      <Notice text={notice} />
      <Notice text={v.problem} error />
      {v.piece ? (
        <section class="panel" aria-labelledby="piece-status-title">
          <h2 id="piece-status-title">Status</h2>
          <PieceStatus piece={v.piece} />
          <div class="actions">
            <a class="button button-secondary" href={`/dashboard/articles/${v.piece.id}/preview`}>
              Preview
            </a>
            <PostButton action={`/dashboard/articles/${v.piece.id}/submit`} csrf={v.form.csrf} label="Submit for review" secondary />
          </div>
          <p class="hint">Submitting sends the last saved version: save your changes first.</p>
          <LeaveForm piece={v.piece} csrf={v.form.csrf} />
        </section>
      ) : (
        <p>Write at your own pace: a draft is only seen by you, any co-authors you name and the editors until it is published.</p>
      )}
      <ArticleForm {...v.form} role="member" />
    </Layout>
  );
}

/** One of the member's pieces that is with the editors, declined or out: read-only. */
export function OwnPieceLockedPage(v: { piece: PieceSummary; csrf: string; problem?: string | null; notice?: OwnNotice | null }): JSX.Element {
  const notice = v.notice ? OWN_NOTICES[v.notice] : null;
  return (
    <Layout title={v.piece.title} section="account" noindex>
      <AreaNav area="dashboard" current="articles" />
      <p>
        <a href="/dashboard/articles">← Your articles</a>
      </p>
      <h1 safe>{v.piece.title}</h1>
      <Notice text={notice} />
      <Notice text={v.problem} error />
      <section class="panel" aria-labelledby="piece-status-title">
        <h2 id="piece-status-title">Status</h2>
        <PieceStatus piece={v.piece} />
        <div class="actions">
          <a class="button button-secondary" href={`/dashboard/articles/${v.piece.id}/preview`}>
            Preview
          </a>
          {v.piece.status === 'published' ? (
            <a class="button button-secondary" href={`/articles/${v.piece.slug}`}>
              Read it on the site
            </a>
          ) : (
            ''
          )}
          {v.piece.status === 'submitted' ? <WithdrawButton piece={v.piece} csrf={v.csrf} /> : ''}
        </div>
        {v.piece.status === 'submitted' ? <p class="hint">Withdrawing takes it out of the editors’ queue and makes it a draft again, so you can change it.</p> : ''}
        {v.piece.status === 'published' || v.piece.status === 'scheduled' ? <p class="hint">To change it now, write to the editors: they can edit it for you.</p> : ''}
        <LeaveForm piece={v.piece} csrf={v.csrf} />
      </section>
    </Layout>
  );
}

export function OwnPreviewPage(v: { piece: PieceSummary; preview: PiecePreview }): JSX.Element {
  return (
    <Layout title={`Preview: ${v.piece.title}`} section="account" noindex>
      <div class="notice preview-note" role="note">
        <p>
          Preview: this is how your piece will look. <StatusLabel status={v.piece.status} />{' '}
          <a href={`/dashboard/articles/${v.piece.id}`}>Back to the piece</a>
        </p>
      </div>
      <ArticlePreview piece={v.piece} preview={v.preview} />
    </Layout>
  );
}
