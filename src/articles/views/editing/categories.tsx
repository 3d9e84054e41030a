import { CsrfField, ErrorSummary } from '../../../web/forms.tsx';
import { Select, TextArea, TextField } from '../../../web/fields.tsx';
import type { FieldProblem } from '../../../web/http-error.ts';
import { Layout } from '../../../web/layout.tsx';
import type { EditorCategory } from '../../categories.ts';
import { feedPath } from '../../../web/feed-links.ts';
import { categoryHref } from '../../present.ts';
import { CATEGORY_LIMITS } from '../../schema.ts';
import { countsText, EditorNav, Notice } from './common.tsx';
import { plural } from '../../../web/format.ts';

/** The editors' category pages: the list with its order and the add form, and one category's page. */

export type CategoriesNotice = 'added' | 'deleted' | 'merged' | 'reordered';
export const CATEGORIES_NOTICES: Record<CategoriesNotice, string> = {
  added: 'The category is added, at the end of the order. Move it up to where it belongs.',
  deleted: 'The category is deleted. Its page and feeds now answer “not found”.',
  merged: 'Its pieces are in the category you chose, and the category is deleted.',
  reordered: 'The order is changed. The article forms and the lists on the site follow it at once.',
};

export type CategoryNotice = 'saved';
export const CATEGORY_NOTICES: Record<CategoryNotice, string> = {
  saved: 'Saved. Its page, its feeds and the article forms show it at once.',
};

export interface CategoryTyped {
  name: string;
  description: string;
}

function CategoryFields({ typed, problems, hint }: { typed: CategoryTyped; problems: FieldProblem[]; hint: string }): JSX.Element {
  return (
    <>
      <TextField name="name" label="Name" value={typed.name} problems={problems} hint={hint} maxlength={CATEGORY_LIMITS.name} required />
      <TextArea
        name="description"
        label="Description (optional)"
        value={typed.description}
        problems={problems}
        hint={`Up to ${CATEGORY_LIMITS.description} characters, shown under the heading of its page and in its feeds.`}
        maxlength={CATEGORY_LIMITS.description}
        rows={3}
      />
    </>
  );
}

function OrderButtons({ c, csrf, first, last }: { c: EditorCategory; csrf: string; first: boolean; last: boolean }): JSX.Element {
  if (first && last) return <></>;
  return (
    <form method="post" action={`/editor/categories/${c.id}/reorder`} class="order-buttons">
      <CsrfField token={csrf} />
      {first ? (
        ''
      ) : (
        <button class="button button-secondary" type="submit" name="direction" value="up">
          Move up<span class="visually-hidden" safe>{`: ${c.name}`}</span>
        </button>
      )}
      {last ? (
        ''
      ) : (
        <button class="button button-secondary" type="submit" name="direction" value="down">
          Move down<span class="visually-hidden" safe>{`: ${c.name}`}</span>
        </button>
      )}
    </form>
  );
}

export function CategoriesPage(v: { csrf: string; categories: EditorCategory[]; typed: CategoryTyped; problems: FieldProblem[]; notice?: CategoriesNotice | null }): JSX.Element {
  const notice = v.notice ? CATEGORIES_NOTICES[v.notice] : null;
  return (
    <Layout title="Categories" section="account" noindex>
      <EditorNav current="categories" />
      <h1>Categories</h1>
      <p>Writers and editors file every piece under one or more of these categories, in the article forms, in this order; readers browse the articles by them. Move a category up or down to change the order.</p>
      <Notice text={notice} />
      {/* At the top, where a problem with the add form (below the list) is seen at once; its links lead to the fields. */}
      <ErrorSummary problems={v.problems} />
      <ol class="category-list" aria-label="Categories, in their order">
        {v.categories.map((c, i) => (
          <li class="piece-card category-card" id={`category-${c.id}`}>
            <div>
              <h2 class="card-title">
                <a href={`/editor/categories/${c.id}`} safe>
                  {c.name}
                </a>
              </h2>
              {c.description ? <p safe>{c.description}</p> : ''}
              <p class="muted">
                <span class="counts" safe>{countsText(c)}</span> · Page: <a href={categoryHref(c.slug)} safe>{categoryHref(c.slug)}</a>
              </p>
            </div>
            <OrderButtons c={c} csrf={v.csrf} first={i === 0} last={i === v.categories.length - 1} />
          </li>
        ))}
      </ol>

      <section class="panel category-form" aria-labelledby="add-title">
        <h2 id="add-title">Add a category</h2>
        <form method="post" action="/editor/categories" novalidate>
          <CsrfField token={v.csrf} />
          <CategoryFields
            typed={v.typed}
            problems={v.problems}
            hint={`Up to ${CATEGORY_LIMITS.name} characters, different from every other category’s. Its address is made from it, like /articles/category/elder-care, and stays the same if you rename it later.`}
          />
          <button class="button" type="submit">
            Add category
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function CategoryPage(v: {
  csrf: string;
  category: EditorCategory;
  /** The other categories, where its pieces can go. */
  others: EditorCategory[];
  typed: CategoryTyped;
  problems: FieldProblem[];
  notice?: CategoryNotice | null;
  /** Why a delete did not happen. */
  refusal?: string | null;
  moveTo?: number | null;
}): JSX.Element {
  const c = v.category;
  const title = `Category: ${c.name}`;
  const page = categoryHref(c.slug);
  const feeds = `${feedPath({ kind: 'category', slug: c.slug }, 'rss')} and ${feedPath({ kind: 'category', slug: c.slug }, 'atom')}`;
  const used = c.pieces > 0;
  const alone = v.others.length === 0;
  const deleteLabel = `Delete “${c.name}”`;
  const mergeLabel = `Move ${c.pieces === 1 ? 'its piece' : `its ${c.pieces} pieces`} and delete “${c.name}”`;
  return (
    <Layout title={title} section="account" noindex>
      <EditorNav current="categories" />
      <p>
        <a href="/editor/categories">← All categories</a>
      </p>
      <h1 safe>{title}</h1>
      <Notice text={v.notice ? CATEGORY_NOTICES[v.notice] : null} />
      <Notice text={v.refusal} error />
      <ErrorSummary problems={v.problems} />
      <p>
        <span safe>{countsText(c)}</span>. Its page: <a href={page} safe>{page}</a>
      </p>

      <section class="panel category-form" aria-labelledby="edit-title">
        <h2 id="edit-title">Name and description</h2>
        <form method="post" action={`/editor/categories/${c.id}`} novalidate>
          <CsrfField token={v.csrf} />
          <CategoryFields typed={v.typed} problems={v.problems} hint={`Up to ${CATEGORY_LIMITS.name} characters, different from every other category’s.`} />
          <p class="hint" id="slug-note" safe>
            {`Its address stays ${page} (feeds: ${feeds}) when you rename it, so links and feed subscriptions keep working.`}
          </p>
          <button class="button" type="submit">
            Save changes
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="delete-title">
        <h2 id="delete-title">Delete this category</h2>
        {alone ? (
          <p>This is the only category, so it cannot be deleted: every piece needs one. Add another category first.</p>
        ) : !used ? (
          <form method="post" action={`/editor/categories/${c.id}/delete`}>
            <CsrfField token={v.csrf} />
            <p>No piece uses this category. Once it is deleted, its page and feeds answer “not found”; this cannot be undone.</p>
            <button class="button button-danger" type="submit" safe>
              {deleteLabel}
            </button>
          </form>
        ) : (
          <form method="post" action={`/editor/categories/${c.id}/merge`} novalidate>
            <CsrfField token={v.csrf} />
            <p safe>{`${plural(c.pieces, 'piece')} ${c.pieces === 1 ? 'uses' : 'use'} this category, so it can only be deleted once they are in another one. Choose where they go: each piece keeps its other categories, and a piece already in the one you choose stays in it once. Its page and feeds then answer “not found”; this cannot be undone.`}</p>
            <Select
              name="move_to"
              label="Move its pieces to"
              value={v.moveTo ? String(v.moveTo) : ''}
              options={[['', 'Choose a category'] as const, ...v.others.map((o) => [String(o.id), o.name] as const)]}
              problems={v.problems}
            />
            <button class="button button-danger" type="submit" safe>
              {mergeLabel}
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}
