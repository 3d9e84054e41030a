import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { badRequest, notFound, type FieldProblem } from '../web/http-error.ts';
import { addCategory, deleteCategory, findEditorCategory, listEditorCategories, mergeCategory, moveCategory, updateCategory, type EditorCategory } from './categories.ts';
import { neverCached } from './editor-pages.ts';
import { noticeOf, queryOf, parseId } from '../web/query-params.ts';
import { CategoryForm, readDirection, readMoveTo, typedCategory } from './schema.ts';
import { CATEGORIES_NOTICES, CATEGORY_NOTICES, CategoriesPage, CategoryPage, type CategoriesNotice, type CategoryNotice, type CategoryTyped } from './views/editing/categories.tsx';
import { parseForm } from '../web/form-fields.ts';

const NO_CATEGORY = 'There is no category with that number. It may have been deleted.';
const nameTaken = (name: string) => `There is already a category named “${name}”. Choose another name (capitals do not make a name different).`;
const NO_TARGET = 'Choose the category its pieces move to.';
const LAST = 'This is the only category, so it was not deleted: every piece needs one. Add another category first.';
const inUse = (n: number) =>
  `${n === 1 ? 'A piece uses' : `${n} pieces use`} this category, so it was not deleted. Move its pieces to another category below, and it is deleted with the same button.`;

/**
 * The editors' category pages under /editor/categories (editors and admins): the list with each
 * category's numbers and its place in the order, adding, renaming, reordering and deleting (with
 * its pieces moved to another category first when any use it). Each handler: CSRF (every POST) →
 * editors only → validate → categories.ts → redirect, or the page again with what was typed.
 */
export async function categoryPages(app: FastifyInstance): Promise<void> {
  const { db, now } = app.deps;
  const csrf = app.csrfProtection;
  const editor = requireUser('editor');

  neverCached(app);
  const empty: CategoryTyped = { name: '', description: '' };

  async function listPage(reply: FastifyReply, extra: { typed?: CategoryTyped; problems?: FieldProblem[]; notice?: CategoriesNotice | null } = {}) {
    return reply.html(<CategoriesPage csrf={reply.generateCsrf()} categories={await listEditorCategories(db)} typed={extra.typed ?? empty} problems={extra.problems ?? []} notice={extra.notice} />);
  }

  async function categoryPage(
    reply: FastifyReply,
    category: EditorCategory,
    extra: { typed?: CategoryTyped; problems?: FieldProblem[]; notice?: CategoryNotice | null; refusal?: string | null; moveTo?: number | null } = {},
  ) {
    const others = (await listEditorCategories(db)).filter((c) => c.id !== category.id);
    return reply.html(
      <CategoryPage
        csrf={reply.generateCsrf()}
        category={category}
        others={others}
        typed={extra.typed ?? { name: category.name, description: category.description }}
        problems={extra.problems ?? []}
        notice={extra.notice}
        refusal={extra.refusal}
        moveTo={extra.moveTo}
      />,
    );
  }

  const theCategory = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = parseId(request.params.id);
    const category = id ? await findEditorCategory(db, id) : undefined;
    if (!category) throw notFound(NO_CATEGORY);
    return category;
  };

  app.get('/editor/categories', { preHandler: editor }, async (request, reply) => listPage(reply, { notice: noticeOf(queryOf(request.query).done, CATEGORIES_NOTICES) }));

  app.post('/editor/categories', { preHandler: [csrf, editor] }, async (request, reply) => {
    const typed = typedCategory(request.body);
    const parsed = parseForm(CategoryForm, request.body);
    if (!parsed.ok) return listPage(reply.code(400), { typed, problems: parsed.problems });
    const added = await addCategory(app.deps, parsed.value, request.user!, now());
    if (added.status === 'name_taken') return listPage(reply.code(400), { typed, problems: [{ field: 'name', message: nameTaken(parsed.value.name) }] });
    return reply.redirect(`/editor/categories?done=added#category-${added.id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/editor/categories/:id', { preHandler: editor }, async (request, reply) => {
    const category = await theCategory(request);
    return categoryPage(reply, category, { notice: noticeOf(queryOf(request.query).done, CATEGORY_NOTICES) });
  });

  app.post<{ Params: { id: string } }>('/editor/categories/:id', { preHandler: [csrf, editor] }, async (request, reply) => {
    const category = await theCategory(request);
    const typed = typedCategory(request.body);
    const parsed = parseForm(CategoryForm, request.body);
    if (!parsed.ok) return categoryPage(reply.code(400), category, { typed, problems: parsed.problems });
    const saved = await updateCategory(app.deps, category.id, parsed.value, request.user!, now());
    if (saved === 'not_found') throw notFound(NO_CATEGORY);
    if (saved === 'name_taken') return categoryPage(reply.code(400), category, { typed, problems: [{ field: 'name', message: nameTaken(parsed.value.name) }] });
    return reply.redirect(`/editor/categories/${category.id}?done=saved`, 303);
  });

  app.post<{ Params: { id: string } }>('/editor/categories/:id/reorder', { preHandler: [csrf, editor] }, async (request, reply) => {
    const category = await theCategory(request);
    const direction = readDirection(request.body);
    if (!direction) throw badRequest('Use the “Move up” or “Move down” button beside the category.');
    const moved = await moveCategory(app.deps, category.id, direction, request.user!, now());
    if (moved === 'not_found') throw notFound(NO_CATEGORY);
    // At the top already (or the bottom): nothing to change, and nothing wrong either.
    return reply.redirect(`/editor/categories?done=reordered#category-${category.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/editor/categories/:id/delete', { preHandler: [csrf, editor] }, async (request, reply) => {
    const category = await theCategory(request);
    const outcome = await deleteCategory(app.deps, category.id, request.user!, now());
    if (outcome.status === 'not_found') throw notFound(NO_CATEGORY);
    if (outcome.status === 'deleted') return reply.redirect('/editor/categories?done=deleted', 303);
    // Someone filed a piece under it since the page was shown, or it is the last one.
    const fresh = (await findEditorCategory(db, category.id)) ?? category;
    return categoryPage(reply.code(409), fresh, { refusal: outcome.status === 'last' ? LAST : inUse(outcome.pieces) });
  });

  app.post<{ Params: { id: string } }>('/editor/categories/:id/merge', { preHandler: [csrf, editor] }, async (request, reply) => {
    const category = await theCategory(request);
    const target = readMoveTo(request.body);
    const outcome = target ? await mergeCategory(app.deps, category.id, target, now(), request.user!) : { status: 'no_target' as const };
    if (outcome.status === 'not_found') throw notFound(NO_CATEGORY);
    if (outcome.status === 'no_target') return categoryPage(reply.code(400), category, { problems: [{ field: 'move_to', message: NO_TARGET }] });
    return reply.redirect('/editor/categories?done=merged', 303);
  });
}
