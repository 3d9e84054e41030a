import { CsrfField, ErrorSummary } from '../../../web/forms.tsx';
import { TextField } from '../../../web/fields.tsx';
import type { FieldProblem } from '../../../web/http-error.ts';
import { Layout } from '../../../web/layout.tsx';
import { feedPath } from '../../../web/feed-links.ts';
import { TAG_FILTER_MAX } from '../../params.ts';
import { tagHref } from '../../present.ts';
import { ARTICLE_LIMITS } from '../../schema.ts';
import type { EditorTag, TagList } from '../../tags.ts';
import { countsText, EditorNav, Notice } from './common.tsx';
import { attributeText } from '../../../web/attribute-text.ts';
import { plural } from '../../../web/format.ts';
import { Pagination } from '../../../web/pagination.tsx';

/** The editors' tag pages: the list with its filter, and one tag's page (rename, merge, delete). */

export type TagsNotice = 'deleted';
export const TAGS_NOTICES: Record<TagsNotice, string> = {
  deleted: 'The tag is deleted.',
};

export type TagNotice = 'saved' | 'merged';
export const TAG_NOTICES: Record<TagNotice, string> = {
  saved: 'Saved. The pieces, its page and its feeds show the new name at once.',
  merged: 'The pieces of the other tag carry this one now, and the other tag is deleted: its page and feeds answer “not found”.',
};

export const tagsHref = (q: string, page = 1) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/editor/tags?${s}` : '/editor/tags';
};

/** Deletes an unused tag; on the list, the button names the tag for screen readers. */
function DeleteForm({ t, csrf, from }: { t: EditorTag; csrf: string; from: 'list' | 'page' }): JSX.Element {
  return (
    <form method="post" action={`/editor/tags/${t.id}/delete`}>
      <CsrfField token={csrf} />
      {from === 'list' ? (
        <button class="button button-secondary" type="submit">
          Delete<span class="visually-hidden" safe>{`: ${t.name}`}</span>
        </button>
      ) : (
        <button class="button button-danger" type="submit" safe>
          {`Delete “${t.name}”`}
        </button>
      )}
    </form>
  );
}

function PublicPage({ t }: { t: EditorTag }): JSX.Element {
  if (!t.published) return <>No published piece carries it, so it has no public page.</>;
  return (
    <>
      Its page: <a href={tagHref(t.slug)} safe>{tagHref(t.slug)}</a>
    </>
  );
}

export function TagsPage(v: { csrf: string; q: string; list: TagList | null; page: number; problems: FieldProblem[]; notice?: TagsNotice | null }): JSX.Element {
  const list = v.list;
  const found = list ? (v.q ? `${plural(list.total, 'tag')} ${list.total === 1 ? 'matches' : 'match'} “${v.q}”` : plural(list.total, 'tag')) : '';
  return (
    <Layout title="Tags" section="account" noindex>
      <EditorNav current="tags" />
      <h1>Tags</h1>
      <p>
        Writers type tags freely on the article forms, so the same idea can end up under several spellings. Rename a tag, move its pieces to another tag, or delete one that no piece carries.
      </p>
      <Notice text={v.notice ? TAGS_NOTICES[v.notice] : null} />
      <ErrorSummary problems={v.problems} />
      <form class="tag-filter" method="get" action="/editor/tags" role="search" aria-label="Tags">
        <TextField name="q" label="Find tags by name" value={v.q} problems={v.problems} maxlength={TAG_FILTER_MAX} hint={`Part of a name is enough; capitals, accents and hyphens do not count. Up to ${TAG_FILTER_MAX} characters.`} />
        <div class="actions">
          <button class="button" type="submit">
            Filter
          </button>
          {v.q || v.problems.length ? <a href="/editor/tags">Show all tags</a> : ''}
        </div>
      </form>
      {list ? (
        <>
          <p class="muted" safe>
            {`${found}${list.pageCount > 1 ? `, page ${v.page} of ${list.pageCount}` : ''}.`}
          </p>
          {list.tags.length ? (
            <div class="table-wrap">
              <table class="numbers tag-table">
                <caption class="visually-hidden">Tags by name, with the pieces that carry them</caption>
                <thead>
                  <tr>
                    <th scope="col">Tag</th>
                    <th scope="col">Published</th>
                    <th scope="col">All pieces</th>
                    <th scope="col">Public page</th>
                  </tr>
                </thead>
                <tbody>
                  {list.tags.map((t) => (
                    <tr id={`tag-${t.id}`}>
                      <th scope="row">
                        <a href={`/editor/tags/${t.id}`} safe>
                          {t.name}
                        </a>
                        {t.pieces ? (
                          ''
                        ) : (
                          <div class="tag-unused">
                            <span class="status-label">Unused</span>
                            <DeleteForm t={t} csrf={v.csrf} from="list" />
                          </div>
                        )}
                      </th>
                      <td>{t.published}</td>
                      <td>{t.pieces}</td>
                      <td>
                        {t.published ? (
                          <a href={tagHref(t.slug)}>
                            View<span class="visually-hidden" safe>{`: ${t.name}`}</span>
                          </a>
                        ) : (
                          <span class="muted">None yet</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{v.q ? 'No tag matches this. Try part of the name, or show all tags.' : 'There are no tags yet: they appear when writers add them to their pieces.'}</p>
          )}
          <Pagination page={v.page} pageCount={list.pageCount} href={(p) => tagsHref(v.q, p)} />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function TagPage(v: {
  csrf: string;
  tag: EditorTag;
  /** Every other tag's name: suggestions for where its pieces go. */
  others: string[];
  typed: { name: string; move_to: string };
  problems: FieldProblem[];
  notice?: TagNotice | null;
  /** Why a delete did not happen. */
  refusal?: string | null;
}): JSX.Element {
  const t = v.tag;
  const title = `Tag: ${t.name}`;
  const page = tagHref(t.slug);
  const feeds = `${feedPath({ kind: 'tag', slug: t.slug }, 'rss')} and ${feedPath({ kind: 'tag', slug: t.slug }, 'atom')}`;
  const its = t.pieces === 1 ? 'its piece' : `its ${t.pieces} pieces`;
  return (
    <Layout title={title} section="account" noindex>
      <EditorNav current="tags" />
      <p>
        <a href="/editor/tags">← All tags</a>
      </p>
      <h1 safe>{title}</h1>
      <Notice text={v.notice ? TAG_NOTICES[v.notice] : null} />
      <Notice text={v.refusal} error />
      <ErrorSummary problems={v.problems} />
      <p>
        <span safe>{countsText(t)}</span>. <PublicPage t={t} />
      </p>

      <section class="panel category-form" aria-labelledby="edit-title">
        <h2 id="edit-title">Rename</h2>
        <form method="post" action={`/editor/tags/${t.id}`} novalidate>
          <CsrfField token={v.csrf} />
          <TextField
            name="name"
            label="Name"
            value={v.typed.name}
            problems={v.problems}
            hint={`Up to ${ARTICLE_LIMITS.tag} characters, without commas, and different from every other tag’s (capitals, accents and hyphens do not make a name different). Fix a misspelling here; to join two tags, move the pieces below instead.`}
            maxlength={ARTICLE_LIMITS.tag}
            required
          />
          <p class="hint" safe>
            {`Its address stays ${page} (feeds: ${feeds}) when you rename it, so links and feed subscriptions keep working.`}
          </p>
          <button class="button" type="submit">
            Save name
          </button>
        </form>
      </section>

      <section class="panel category-form" aria-labelledby="delete-title">
        <h2 id="delete-title">{t.pieces ? 'Move its pieces to another tag' : 'Delete this tag'}</h2>
        {!t.pieces ? (
          <>
            <p>No piece carries this tag. Once it is deleted it is gone; a writer who types it again starts it afresh.</p>
            <DeleteForm t={t} csrf={v.csrf} from="page" />
          </>
        ) : (
          <form method="post" action={`/editor/tags/${t.id}/merge`} novalidate>
            <CsrfField token={v.csrf} />
            <p safe>{`${plural(t.pieces, 'piece')} ${t.pieces === 1 ? 'carries' : 'carry'} this tag, so it can only be deleted once they carry another one. Each piece then carries the tag you name instead (once, if it already has it), and this tag, its page and its feeds are gone; this cannot be undone.`}</p>
            <TextField
              name="move_to"
              label={`Move ${its} to`}
              value={v.typed.move_to}
              problems={v.problems}
              hint="The name of an existing tag, as in the list of tags."
              maxlength={ARTICLE_LIMITS.tag}
              list="tag-names"
              required
            />
            <datalist id="tag-names">
              {v.others.map((name) => (
                <option value={attributeText(name)}></option>
              ))}
            </datalist>
            <button class="button button-danger" type="submit" safe>
              {`Move ${its} and delete “${t.name}”`}
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}
