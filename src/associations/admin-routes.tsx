import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { asFormBody, parseForm } from '../web/form-fields.ts';
import { HttpError, notFound, type FieldProblem } from '../web/http-error.ts';
import { PHOTO_MAX_BYTES } from '../web/images.ts';
import { noticeOf, parseId, queryOf } from '../web/query-params.ts';
import { LOGO_MESSAGES, logoDir, processLogo, removeLogo, storeLogo } from './logos.ts';
import { findAssociationById, listAssociationAdmins, listAssociations, type Association } from './queries.ts';
import { AdminForm, associationFields, AssociationForm, NewPanelForm, PanelForm, typedAssociation } from './schema.ts';
import { addAssociationAdmin, addPanel, createAssociation, deleteAssociation, deletionScope, removeAssociationAdmin, removePanel, renamePanel, setLogo, updateAssociation } from './service.ts';
import { ASSOCIATION_NOTICES, AssociationAdminPage, AssociationsAdminPage, DeleteAssociationPage, NEW_ASSOCIATION, type AssociationTyped } from './views/admin.tsx';

const NO_ASSOCIATION = 'There is no association with that number. It may have been deleted.';
const NO_PANEL = 'That panel is not one of this association’s. It may have been removed.';
const nameTaken = (name: string) => `An association whose address would be the same as “${name}”’s already exists. Choose a name that differs in its letters or digits.`;
const NO_SLUG = 'The name needs some letters or digits, from which its address is made.';
const PANEL_TAKEN = 'This association already has a panel by that name.';

/**
 * The admins' association pages under /admin/associations (admins only): the list and the add
 * form, then one association's details, logo, panels and admins. Each handler: CSRF (every POST)
 * → admins only → validate → service.ts (one transaction with its audit entry) → redirect, or the
 * page again with what was typed and why it was refused.
 */
export async function associationAdminPages(app: FastifyInstance): Promise<void> {
  const deps = app.deps;
  const { db } = deps;
  const csrf = app.csrfProtection;
  const admin = requireUser('admin');
  const logos = logoDir(deps.config.dataDir);

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const actor = (request: FastifyRequest) => request.user!;

  async function listPage(reply: FastifyReply, typed: AssociationTyped = NEW_ASSOCIATION, problems: FieldProblem[] = [], notice: string | null = null) {
    return reply.html(<AssociationsAdminPage csrf={reply.generateCsrf()} associations={await listAssociations(db)} typed={typed} problems={problems} notice={notice} />);
  }

  async function associationPage(reply: FastifyReply, a: Association, extra: { typed?: AssociationTyped; problems?: FieldProblem[]; notice?: string | null } = {}) {
    return reply.html(
      <AssociationAdminPage csrf={reply.generateCsrf()} association={a} admins={await listAssociationAdmins(db, a.id)} typed={extra.typed ?? associationFields(a)} problems={extra.problems ?? []} notice={extra.notice ?? null} />,
    );
  }

  /** The association in the path, or a 404: a tampered or stale id never reaches a service. */
  const theAssociation = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = parseId(request.params.id);
    const a = id ? await findAssociationById(db, id) : null;
    if (!a) throw notFound(NO_ASSOCIATION);
    return a;
  };
  const done = (a: Association, notice: keyof typeof ASSOCIATION_NOTICES, reply: FastifyReply) => reply.redirect(`/admin/associations/${a.id}?done=${notice}`, 303);
  /** A refused small form (a panel, an admin): the page again, with the problem at its field. */
  const refused = (reply: FastifyReply, a: Association, field: string, message: string, code = 400) => associationPage(reply.code(code), a, { problems: [{ field, message }] });

  app.get('/admin/associations', { preHandler: admin }, async (request, reply) => {
    const notice = noticeOf(queryOf(request.query).done, ASSOCIATION_NOTICES);
    return listPage(reply, NEW_ASSOCIATION, [], notice === 'deleted' ? ASSOCIATION_NOTICES.deleted : null);
  });

  app.post('/admin/associations', { preHandler: [csrf, admin] }, async (request, reply) => {
    const typed = typedAssociation(request.body);
    const parsed = parseForm(AssociationForm, request.body);
    if (!parsed.ok) return listPage(reply.code(400), typed, parsed.problems);
    const created = await createAssociation(deps, actor(request), parsed.value);
    if (created.status === 'name_taken') return listPage(reply.code(409), typed, [{ field: 'name', message: nameTaken(parsed.value.name) }]);
    if (created.status === 'no_slug') return listPage(reply.code(400), typed, [{ field: 'name', message: NO_SLUG }]);
    return reply.redirect(`/admin/associations/${created.id}?done=created`, 303);
  });

  app.get<{ Params: { id: string } }>('/admin/associations/:id', { preHandler: admin }, async (request, reply) => {
    const a = await theAssociation(request);
    const notice = noticeOf(queryOf(request.query).done, ASSOCIATION_NOTICES);
    return associationPage(reply, a, { notice: notice ? ASSOCIATION_NOTICES[notice] : null });
  });

  app.post<{ Params: { id: string } }>('/admin/associations/:id', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const parsed = parseForm(AssociationForm, request.body);
    if (!parsed.ok) return associationPage(reply.code(400), a, { typed: typedAssociation(request.body), problems: parsed.problems });
    const saved = await updateAssociation(deps, actor(request), a.id, parsed.value);
    if (saved.status === 'not_found') throw notFound(NO_ASSOCIATION);
    return done(a, 'saved', reply);
  });

  app.get<{ Params: { id: string } }>('/admin/associations/:id/delete', { preHandler: admin }, async (request, reply) => {
    const a = await theAssociation(request);
    return reply.html(<DeleteAssociationPage csrf={reply.generateCsrf()} association={a} scope={await deletionScope(db, a.id, deps.now())} />);
  });

  app.post<{ Params: { id: string } }>('/admin/associations/:id/delete', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const deleted = await deleteAssociation(deps, actor(request), a.id);
    if (deleted.status === 'not_found') throw notFound(NO_ASSOCIATION);
    await removeLogo(logos, deleted.logoUrl);
    return reply.redirect('/admin/associations?done=deleted', 303);
  });

  app.post<{ Params: { id: string } }>('/admin/associations/:id/logo/delete', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const saved = await setLogo(deps, actor(request), a.id, null);
    if (saved.status === 'not_found') throw notFound(NO_ASSOCIATION);
    await removeLogo(logos, saved.old);
    return done(a, 'logo_removed', reply);
  });

  app.post<{ Params: { id: string } }>('/admin/associations/:id/panels', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const parsed = parseForm(NewPanelForm, request.body);
    if (!parsed.ok) return associationPage(reply.code(400), a, { problems: parsed.problems });
    const added = await addPanel(deps, actor(request), a.id, parsed.value.panel_name);
    if (added.status === 'not_found') throw notFound(NO_ASSOCIATION);
    if (added.status === 'name_taken') return refused(reply, a, 'panel_name', PANEL_TAKEN, 409);
    if (added.status === 'no_slug') return refused(reply, a, 'panel_name', 'The panel’s name needs some letters or digits.');
    return done(a, 'panel_added', reply);
  });

  const thePanel = (request: FastifyRequest<{ Params: { panelId: string } }>) => {
    const id = parseId(request.params.panelId);
    if (!id) throw notFound(NO_PANEL);
    return id;
  };

  app.post<{ Params: { id: string; panelId: string } }>('/admin/associations/:id/panels/:panelId', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const panelId = thePanel(request);
    const parsed = parseForm(PanelForm, request.body);
    if (!parsed.ok) return refused(reply, a, 'panel_name', parsed.problems[0]!.message);
    const renamed = await renamePanel(deps, actor(request), a.id, panelId, parsed.value.name);
    if (renamed.status === 'not_found') throw notFound(NO_PANEL);
    if (renamed.status === 'name_taken') return refused(reply, a, 'panel_name', PANEL_TAKEN, 409);
    return done(a, 'panel_renamed', reply);
  });

  app.post<{ Params: { id: string; panelId: string } }>('/admin/associations/:id/panels/:panelId/delete', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const removed = await removePanel(deps, actor(request), a.id, thePanel(request));
    if (removed.status === 'not_found') throw notFound(NO_PANEL);
    return done(a, 'panel_removed', reply);
  });

  app.post<{ Params: { id: string } }>('/admin/associations/:id/admins', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const parsed = parseForm(AdminForm, request.body);
    if (!parsed.ok) return associationPage(reply.code(400), a, { problems: parsed.problems });
    const added = await addAssociationAdmin(deps, actor(request), a.id, parsed.value.email);
    if (added.status === 'not_found') throw notFound(NO_ASSOCIATION);
    if (added.status === 'no_account') return refused(reply, a, 'email', `There is no account for ${parsed.value.email}. Ask them to sign up first, then name them here.`);
    return done(a, 'admin_added', reply);
  });

  app.post<{ Params: { id: string; userId: string } }>('/admin/associations/:id/admins/:userId/delete', { preHandler: [csrf, admin] }, async (request, reply) => {
    const a = await theAssociation(request);
    const userId = parseId(request.params.userId);
    const removed = userId ? await removeAssociationAdmin(deps, actor(request), a.id, userId) : ({ status: 'not_found' } as const);
    if (removed.status === 'not_found') throw notFound('That account is not one of this association’s admins.');
    return done(a, 'admin_removed', reply);
  });

  // The logo upload is the only multipart route here, so the parser is registered for it alone.
  await app.register(async (upload) => {
    await upload.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 } });
    upload.setErrorHandler((error) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, `That logo is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB, so it was not saved. Go back and choose a smaller file.`);
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
        throw new HttpError(400, 'Send one logo at a time, from the form on the association’s page.');
      }
      throw error;
    });
    upload.post<{ Params: { id: string } }>('/admin/associations/:id/logo', { preHandler: [csrf, admin], bodyLimit: PHOTO_MAX_BYTES + 64 * 1024 }, async (request, reply) => {
      const a = await theAssociation(request);
      const file = asFormBody(request.body).logo;
      const processed = Buffer.isBuffer(file) ? await processLogo(file) : ({ ok: false, problem: 'empty' } as const);
      if (!processed.ok) return refused(reply, a, 'logo', LOGO_MESSAGES[processed.problem]);
      const logoUrl = await storeLogo(logos, processed.data);
      const saved = await setLogo(deps, actor(request), a.id, logoUrl);
      // The replaced logo's file goes; so does this one's if the association went meanwhile.
      await removeLogo(logos, saved.status === 'saved' ? saved.old : logoUrl);
      return done(a, 'logo_saved', reply);
    });
  });
}
