import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { badRequest, notFound, type FieldProblem } from '../web/http-error.ts';
import { neverCached } from './editor-pages.ts';
import { noticeOf, queryOf, parseId } from '../web/query-params.ts';
import { parseTagsQuery, typedSearch } from './params.ts';
import { MergeTagForm, TagForm, typedField } from './schema.ts';
import { deleteTag, findEditorTag, listEditorTags, mergeTag, renameTag, tagNames, type EditorTag } from './tags.ts';
import { TAG_NOTICES, TAGS_NOTICES, TagPage, TagsPage, tagsHref, type TagNotice } from './views/editing/tags.tsx';
import { parseForm } from '../web/form-fields.ts';

const NO_TAG = 'There is no tag with that number. It may have been deleted or merged into another.';
const nameTaken = (other: string) =>
  `There is already a tag named “${other}”, and writers who type this name get that one (capitals, accents and hyphens do not make a name different). To join the two, move this tag’s pieces to “${other}” below.`;
const noSuchTag = (name: string) => `There is no tag named “${name}”. Type the name of an existing tag, as the list of tags shows it.`;
const ITSELF = 'That is this tag. Type the name of the tag its pieces should move to.';
const inUse = (n: number) => `${n === 1 ? 'A piece carries' : `${n} pieces carry`} this tag, so it was not deleted. Move its pieces to another tag below, and it is deleted with the same button.`;

/**
 * The editors' tag pages under /editor/tags (editors and admins): the list with a filter and each
 * tag's numbers, renaming, moving a tag's pieces to another tag, and deleting an unused tag. Each
 * handler: CSRF (every POST) → editors only → validate → tags.ts → redirect, or the page again
 * with what was typed.
 */
export async function tagPages(app: FastifyInstance): Promise<void> {
  const { db, now } = app.deps;
  const csrf = app.csrfProtection;
  const editor = requireUser('editor');
  neverCached(app);

  async function tagPage(reply: FastifyReply, tag: EditorTag, extra: { typed?: { name?: string; move_to?: string }; problems?: FieldProblem[]; notice?: TagNotice | null; refusal?: string | null } = {}) {
    const others = tag.pieces ? (await tagNames(db)).filter((n) => n !== tag.name) : [];
    return reply.html(
      <TagPage
        csrf={reply.generateCsrf()}
        tag={tag}
        others={others}
        typed={{ name: extra.typed?.name ?? tag.name, move_to: extra.typed?.move_to ?? '' }}
        problems={extra.problems ?? []}
        notice={extra.notice}
        refusal={extra.refusal}
      />,
    );
  }

  const theTag = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = parseId(request.params.id);
    const tag = id ? await findEditorTag(db, id) : undefined;
    if (!tag) throw notFound(NO_TAG);
    return tag;
  };

  app.get('/editor/tags', { preHandler: editor }, async (request, reply) => {
    const parsed = parseTagsQuery(request.query);
    if (!parsed.ok) {
      const q = parsed.problems.find((p) => p.field === 'q');
      if (!q) throw badRequest('That page number is not right: pages are whole numbers from 1.', parsed.problems);
      return reply.code(400).html(<TagsPage csrf={reply.generateCsrf()} q={typedSearch(request.query)} list={null} page={1} problems={[q]} />);
    }
    const { q, page } = parsed.params;
    const list = await listEditorTags(db, { q, page });
    if (page > list.pageCount) throw notFound(`There is no page ${page}: ${list.pageCount === 1 ? 'the list has one page' : `the list has ${list.pageCount} pages`}. Go to ${tagsHref(q)} for the first.`);
    return reply.html(<TagsPage csrf={reply.generateCsrf()} q={q} list={list} page={page} problems={[]} notice={noticeOf(queryOf(request.query).done, TAGS_NOTICES)} />);
  });

  app.get<{ Params: { id: string } }>('/editor/tags/:id', { preHandler: editor }, async (request, reply) => {
    const tag = await theTag(request);
    return tagPage(reply, tag, { notice: noticeOf(queryOf(request.query).done, TAG_NOTICES) });
  });

  app.post<{ Params: { id: string } }>('/editor/tags/:id', { preHandler: [csrf, editor] }, async (request, reply) => {
    const tag = await theTag(request);
    const typed = { name: typedField(request.body, 'name') };
    const parsed = parseForm(TagForm, request.body);
    if (!parsed.ok) return tagPage(reply.code(400), tag, { typed, problems: parsed.problems });
    const saved = await renameTag(app.deps, tag.id, parsed.value.name, request.user!, now());
    if (saved.status === 'not_found') throw notFound(NO_TAG);
    if (saved.status === 'name_taken') return tagPage(reply.code(400), tag, { typed, problems: [{ field: 'name', message: nameTaken(saved.other) }] });
    return reply.redirect(`/editor/tags/${tag.id}?done=saved`, 303);
  });

  app.post<{ Params: { id: string } }>('/editor/tags/:id/delete', { preHandler: [csrf, editor] }, async (request, reply) => {
    const tag = await theTag(request);
    const outcome = await deleteTag(app.deps, tag.id, request.user!, now());
    if (outcome.status === 'not_found') throw notFound(NO_TAG);
    if (outcome.status === 'deleted') return reply.redirect('/editor/tags?done=deleted', 303);
    // A writer tagged a piece with it since the page was shown.
    const fresh = (await findEditorTag(db, tag.id)) ?? tag;
    return tagPage(reply.code(409), fresh, { refusal: inUse(outcome.pieces) });
  });

  app.post<{ Params: { id: string } }>('/editor/tags/:id/merge', { preHandler: [csrf, editor] }, async (request, reply) => {
    const tag = await theTag(request);
    const typed = { move_to: typedField(request.body, 'move_to') };
    const refuse = (message: string) => tagPage(reply.code(400), tag, { typed, problems: [{ field: 'move_to', message }] });
    const parsed = parseForm(MergeTagForm, request.body);
    if (!parsed.ok) return tagPage(reply.code(400), tag, { typed, problems: parsed.problems });
    const outcome = await mergeTag(app.deps, tag.id, parsed.value.move_to, now(), request.user!);
    if (outcome.status === 'not_found') throw notFound(NO_TAG);
    if (outcome.status === 'no_target') return refuse(noSuchTag(parsed.value.move_to));
    if (outcome.status === 'itself') return refuse(ITSELF);
    return reply.redirect(`/editor/tags/${outcome.into.id}?done=merged`, 303);
  });
}
