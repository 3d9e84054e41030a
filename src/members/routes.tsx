import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endSession, requireUser } from '../accounts/session.ts';
import { offeredLanguages } from '../directory/languages.ts';
import { listPracticeAreas } from '../directory/practice-areas.ts';
import { getMediatorForPreview } from '../directory/profiles.ts';
import { grantsOfMediator } from '../directory/featured/grants.ts';
import type { MapSettings } from '../directory/views/components.tsx';
import { ProfilePage } from '../directory/views/profile.tsx';
import { HttpError, notFound, type FieldProblem } from '../web/http-error.ts';
import { asFormBody, parseForm } from '../web/form-fields.ts';
import { noticeOf, queryOf, typedParam, parseId } from '../web/query-params.ts';
import { deleteAccount, exportMemberData } from './account.ts';
import { changeRole, listUsers, restoreUser, suspendUser, userPageCount, type UserFilter } from './admin.ts';
import { profileApprovedMail, profileDeclinedMail } from './mails.ts';
import { approveProfile, declineProfile, listReviewQueue } from './moderation.ts';
import { PHOTO_MESSAGES, photoFiles, processPhoto, removePhoto, storePhoto } from './photos.ts';
import { confirmOwnAvailability, findOwnMediator, getOwnProfile, publishOwnProfile, saveOwnProfile, setOwnPhoto, unlistOwnProfile } from './profiles.ts';
import { DeclineForm, DeleteAccountForm, parseUsersQuery, readProfileFields, readRowChange, RoleForm, SuspendForm, validateProfile } from './schema.ts';
import { emptyProfileFields, type ProfileFields } from './types.ts';
import { DASHBOARD_NOTICES, DashboardPage, DeleteAccountPage, type DashboardNotice, type DashboardView } from './views/dashboard.tsx';
import { MODERATION_NOTICES, ModerationPage, USERS_NOTICES, UsersPage, usersHref, type ModerationNotice, type UsersNotice, type UsersView } from './views/staff.tsx';
import { inMinutes } from '../web/format.ts';
import { removeEvidenceFiles } from '../directory/credentials/evidence.ts';
import { PHOTO_MAX_BYTES, recordUpload, uploadLimitMessage, uploadWait } from '../web/images.ts';

/**
 * The member dashboard (/dashboard), the review queue (/moderation, editors and admins) and user
 * management (/admin/users, admins). Who may use each route is the first thing its options say.
 * A member's routes never take a profile or row id: they act on the profile whose user_id is the
 * signed-in user's, so there is nothing of another member's to name.
 */
export async function memberPages(app: FastifyInstance): Promise<void> {
  const { db, config, mailer, now } = app.deps;
  const ctx = app.deps;
  const csrf = app.csrfProtection;
  const member = requireUser('member');
  const editor = requireUser('editor');
  const admin = requireUser('admin');
  const map: MapSettings = { tiles: config.mapTileUrl, attribution: config.mapTileAttribution };
  const { photoDir } = config;

  app.addHook('onSend', async (request, reply) => {
    // Pages here hold a member's details or a CSRF token; photos set their own caching.
    if (!request.url.startsWith('/media/')) reply.header('cache-control', 'no-store');
  });

  const userId = (request: FastifyRequest) => request.user!.id;

  async function dashboard(request: FastifyRequest, reply: FastifyReply, view: Partial<Omit<DashboardView, 'csrf' | 'practiceAreas' | 'languages' | 'map'>> = {}) {
    const [profile, practiceAreas] = await Promise.all([getOwnProfile(db, userId(request)), listPracticeAreas(db)]);
    const languages = await offeredLanguages(db, profile?.id ?? null);
    const fields: ProfileFields = view.fields ?? profile?.fields ?? emptyProfileFields();
    const featured = profile ? await grantsOfMediator(db, profile.id, now()) : [];
    return reply.html(
      <DashboardPage csrf={reply.generateCsrf()} profile={profile} fields={fields} problems={view.problems ?? []} practiceAreas={practiceAreas} languages={languages} map={map} featured={featured} {...view} />,
    );
  }

  // --- The member's own profile: signed-in users (any role may have a profile) --------------

  app.get('/dashboard', { preHandler: member }, async (request, reply) => {
    return dashboard(request, reply, { notice: noticeOf<DashboardNotice>(queryOf(request.query).done, DASHBOARD_NOTICES) });
  });

  app.post('/dashboard/profile', { preHandler: [csrf, member] }, async (request, reply) => {
    const change = readRowChange(request.body);
    if (change) {
      const { fields, added, removed } = change;
      const rows = added === 'office' ? fields.offices : fields.credentials;
      const notice: DashboardNotice | null = added ? `${added}_added` : removed ? `${removed}_removed` : null;
      return dashboard(request, reply, { fields, notice, focus: added ? `${added}_${rows.length - 1}` : undefined });
    }
    const fields = readProfileFields(request.body);
    const own = await findOwnMediator(db, userId(request));
    const [areas, languages] = await Promise.all([listPracticeAreas(db), offeredLanguages(db, own?.id ?? null)]);
    const valid = validateProfile(fields, { practice: new Set(areas.map((a) => a.slug)), languages: new Set(languages.map((l) => l.code)) }, now());
    const again = (problems: FieldProblem[]) => {
      reply.code(400);
      return dashboard(request, reply, { fields, problems });
    };
    if (!valid.ok) return again(valid.problems);
    const saved = await saveOwnProfile(ctx, userId(request), valid.value, now());
    if (saved.status === 'invalid') return again(saved.problems);
    return reply.redirect(`/dashboard?done=${saved.created ? 'created' : 'saved'}`, 303);
  });

  app.get('/dashboard/preview', { preHandler: member }, async (request, reply) => {
    const own = await findOwnMediator(db, userId(request));
    const mediator = own ? await getMediatorForPreview(db, own.id, now()) : null;
    if (!mediator) return reply.redirect('/dashboard', 303);
    const note = mediator.status === 'published' ? 'Preview: this is your listed profile as visitors see it.' : 'Preview: this is how your profile will look. It is not listed yet.';
    return reply.html(<ProfilePage publicUrl={config.publicUrl} mediator={mediator} map={map} previewNote={note} />);
  });

  app.post('/dashboard/publish', { preHandler: [csrf, member] }, async (request, reply) => {
    const outcome = await publishOwnProfile(db, userId(request), now());
    switch (outcome) {
      case 'listed':
        return reply.redirect('/dashboard?done=listed', 303);
      case 'waiting':
        return reply.redirect('/dashboard?done=waiting', 303);
      case 'no_profile':
        return reply.redirect('/dashboard', 303);
      case 'suspended':
        reply.code(409);
        return dashboard(request, reply, { publishProblem: 'Your profile is suspended, so it cannot be published. Reply to our mail to talk about it.' });
      case 'no_place':
        reply.code(400);
        return dashboard(request, reply, { publishProblem: 'Add an office or a place you work (online or travelling) first, so people near you can find you.' });
    }
  });

  app.post('/dashboard/unlist', { preHandler: [csrf, member] }, async (request, reply) => {
    await unlistOwnProfile(db, userId(request), now());
    return reply.redirect('/dashboard?done=unlisted', 303);
  });

  app.post('/dashboard/availability', { preHandler: [csrf, member] }, async (request, reply) => {
    const done = await confirmOwnAvailability(db, userId(request), now());
    return reply.redirect(done ? '/dashboard?done=confirmed' : '/dashboard', 303);
  });

  // The upload is the only multipart route, so the parser is registered for it alone.
  await app.register(async (upload) => {
    await upload.register(multipart, {
      // keyValues: the CSRF field is in request.body like any form's, for the same preHandler.
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
    });
    // Parsing happens before the session is read, so a too-large file gets a plain page.
    upload.setErrorHandler((error, _request, _reply) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new HttpError(413, `That photo is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB, so it was not saved. Go back and choose a smaller file.`);
      }
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
        throw new HttpError(400, 'Send one photo at a time, from the form on your dashboard.');
      }
      throw error;
    });

    upload.post('/dashboard/photo', { preHandler: [csrf, member], bodyLimit: PHOTO_MAX_BYTES + 64 * 1024 }, async (request, reply) => {
      const own = await findOwnMediator(db, userId(request));
      if (!own) return reply.redirect('/dashboard', 303);
      const file = asFormBody(request.body).photo;
      if (Buffer.isBuffer(file) && file.length) {
        const wait = await uploadWait(db, userId(request), now());
        if (wait > 0) {
          reply.code(429).header('retry-after', String(wait));
          return dashboard(request, reply, { photoProblem: uploadLimitMessage(wait) });
        }
        await recordUpload(db, userId(request), now());
      }
      const processed = Buffer.isBuffer(file) ? await processPhoto(file) : ({ ok: false, problem: 'empty' } as const);
      if (!processed.ok) {
        reply.code(400);
        return dashboard(request, reply, { photoProblem: PHOTO_MESSAGES[processed.problem] });
      }
      const photoUrl = await storePhoto(photoDir, processed.files);
      const set = await setOwnPhoto(db, userId(request), photoUrl, now());
      // Files of the replaced photo (or of this one, if the profile went meanwhile) are removed.
      await removePhoto(photoDir, set ? set.old : photoUrl);
      return reply.redirect('/dashboard?done=photo_saved', 303);
    });
  });

  app.post('/dashboard/photo/delete', { preHandler: [csrf, member] }, async (request, reply) => {
    const set = await setOwnPhoto(db, userId(request), null, now());
    await removePhoto(photoDir, set?.old ?? null);
    return reply.redirect('/dashboard?done=photo_removed', 303);
  });

  app.get('/dashboard/export', { preHandler: member }, async (request, reply) => {
    const data = await exportMemberData(db, userId(request), now());
    if (!data) throw notFound('There is no account to export.');
    const day = now().toISOString().slice(0, 10);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="concord-my-data-${day}.json"`)
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/dashboard/delete', { preHandler: member }, async (request, reply) => {
    const own = await findOwnMediator(db, userId(request));
    return reply.html(<DeleteAccountPage csrf={reply.generateCsrf()} hasProfile={!!own} problems={[]} />);
  });

  app.post('/dashboard/delete', { preHandler: [csrf, member] }, async (request, reply) => {
    const hasProfile = !!(await findOwnMediator(db, userId(request)));
    const again = (status: number, problems: FieldProblem[]) => reply.code(status).html(<DeleteAccountPage csrf={reply.generateCsrf()} hasProfile={hasProfile} problems={problems} />);
    const form = parseForm(DeleteAccountForm, request.body);
    if (!form.ok) return again(400, form.problems);
    const outcome = await deleteAccount(ctx, request.user!, form.value.current_password, request.ip, now());
    if (outcome.status === 'wrong_password') return again(400, [{ field: 'current_password', message: 'That password is not right, so nothing was deleted.' }]);
    if (outcome.status === 'limited') {
      reply.header('retry-after', String(outcome.waitSeconds));
      return again(429, [{ field: 'current_password', message: `Too many attempts. Please try again ${inMinutes(outcome.waitSeconds)}.` }]);
    }
    await removePhoto(photoDir, outcome.photoUrl);
    await removeEvidenceFiles(config.evidenceDir, outcome.evidenceFiles);
    // The user's sessions went with the user; this clears the browser's cookies.
    await endSession(app, request, reply);
    return reply.redirect('/', 303);
  });

  // --- Review queue: editors and admins --------------------------------------------------------

  const moderation = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<Parameters<typeof ModerationPage>[0]> = {}) =>
    reply.html(<ModerationPage csrf={reply.generateCsrf()} queue={await listReviewQueue(db)} {...extra} />);

  app.get('/moderation', { preHandler: editor }, async (request, reply) => {
    return moderation(request, reply, { notice: noticeOf<ModerationNotice>(queryOf(request.query).done, MODERATION_NOTICES) });
  });

  app.get<{ Params: { id: string } }>('/moderation/:id/preview', { preHandler: editor }, async (request, reply) => {
    const id = parseId(request.params.id);
    const mediator = id ? await getMediatorForPreview(db, id, now()) : null;
    if (!mediator) throw notFound('There is no profile with that number.');
    return reply.html(<ProfilePage publicUrl={config.publicUrl} mediator={mediator} map={map} previewNote="Review preview: this profile is shown as it would be listed." />);
  });

  app.post<{ Params: { id: string } }>('/moderation/:id/approve', { preHandler: [csrf, editor] }, async (request, reply) => {
    const id = parseId(request.params.id);
    const decision = id ? await approveProfile(db, request.user!, id, now()) : ({ status: 'not_waiting' } as const);
    if (decision.status !== 'done') return reply.redirect('/moderation?done=gone', 303);
    if (decision.email) await mailer.send(profileApprovedMail(config.publicUrl, decision.email, decision.name, decision.slug));
    return reply.redirect('/moderation?done=approved', 303);
  });

  app.post<{ Params: { id: string } }>('/moderation/:id/decline', { preHandler: [csrf, editor] }, async (request, reply) => {
    const id = parseId(request.params.id);
    if (!id) return reply.redirect('/moderation?done=gone', 303);
    const form = parseForm(DeclineForm, request.body);
    if (!form.ok) {
      const typed = asFormBody(request.body).note;
      reply.code(400);
      return moderation(request, reply, { problems: { id, problems: form.problems, note: typeof typed === 'string' ? typed.slice(0, 5000) : '' } });
    }
    const decision = await declineProfile(db, request.user!, id, form.value.note, now());
    if (decision.status !== 'done') return reply.redirect('/moderation?done=gone', 303);
    if (decision.email) await mailer.send(profileDeclinedMail(config.publicUrl, decision.email, decision.name, form.value.note));
    return reply.redirect('/moderation?done=declined', 303);
  });

  // --- Users and roles: admins -----------------------------------------------------------------

  /**
   * The users page for a filter that passed. A page past the last is a 404, except after a role
   * form (`lastAtMost`): the list may have shrunk since it was shown, so its last page is shown.
   */
  async function usersPage(request: FastifyRequest, reply: FastifyReply, filter: UserFilter, page: number, extra: Pick<UsersView, 'notice' | 'problem'> & { lastAtMost?: boolean } = {}) {
    const { lastAtMost, ...shown } = extra;
    let accounts = await listUsers(ctx, filter, page);
    if (page > accounts.pageCount) {
      if (!lastAtMost) throw notFound(`There is no page ${page} of this list: it has ${accounts.pageCount === 1 ? 'one page' : `${accounts.pageCount} pages`}. Go to ${usersHref(filter)} for the first.`);
      page = accounts.pageCount;
      accounts = await listUsers(ctx, filter, page);
    }
    const typed = { q: filter.q, role: filter.role ?? '' };
    return reply.html(<UsersPage csrf={reply.generateCsrf()} viewerId={userId(request)} typed={typed} list={{ filter, page, accounts }} problems={[]} {...shown} />);
  }

  /** A refused filter: the form again with what was typed (q, role) and why, and no list. */
  function usersRefused(request: FastifyRequest, reply: FastifyReply, problems: FieldProblem[]) {
    const raw = request.query;
    const typed = { q: typedParam(raw, 'q', 1000), role: typedParam(raw, 'role', 20) };
    const onFields = problems.filter((p) => p.field === 'q' || p.field === 'role');
    const page = problems.some((p) => p.field === 'page') ? 'That page number is not right: pages are whole numbers from 1.' : undefined;
    return reply.code(400).html(<UsersPage csrf={reply.generateCsrf()} viewerId={userId(request)} typed={typed} list={null} problems={onFields} problem={page} />);
  }

  app.get('/admin/users', { preHandler: admin }, async (request, reply) => {
    const parsed = parseUsersQuery(request.query);
    if (!parsed.ok) return usersRefused(request, reply, parsed.problems);
    const { page, ...filter } = parsed.params;
    const { done, email } = queryOf(request.query);
    const kind = noticeOf<UsersNotice>(done, USERS_NOTICES);
    const notice = kind && typeof email === 'string' ? { kind, email: email.slice(0, 254) } : null;
    return usersPage(request, reply, filter, page, { notice });
  });

  /**
   * The forms on the users page: each names the account in its path and carries the list's filter
   * and page in its address (?q=&role=&page=), to come back to. `act` reads the form and acts; a
   * problem shows the same page (its last, if the list shrank) with the message and a 400.
   */
  function userForm(path: string, act: (request: FastifyRequest, userId: number) => Promise<{ problem: string } | { status: string; email?: string }>) {
    app.post<{ Params: { id: string } }>(path, { preHandler: [csrf, admin] }, async (request, reply) => {
      const id = parseId(request.params.id);
      if (!id) throw notFound('There is no user with that number.');
      const back = parseUsersQuery(request.query);
      if (!back.ok) return usersRefused(request, reply, back.problems);
      const { page, ...filter } = back.params;
      const outcome = await act(request, id);
      if ('problem' in outcome) return usersPage(request, reply.code(400), filter, page, { problem: outcome.problem, lastAtMost: true });
      if (outcome.status === 'unknown') throw notFound('There is no user with that number.');
      // The account may have left a role filter, and with it the last page.
      const last = await userPageCount(ctx, filter);
      return reply.redirect(usersHref(filter, Math.min(page, last), { done: outcome.status, email: outcome.email ?? '' }), 303);
    });
  }

  userForm('/admin/users/:id/role', async (request, id) => {
    const form = parseForm(RoleForm, request.body);
    if (!form.ok) return { problem: form.problems[0]!.message };
    const outcome = await changeRole(ctx, request.user!, id, form.value.role, now());
    return outcome.status === 'own_account' ? { problem: 'You cannot change your own role. Ask another administrator.' } : outcome;
  });

  userForm('/admin/users/:id/suspend', async (request, id) => {
    const form = parseForm(SuspendForm, request.body);
    if (!form.ok) return { problem: form.problems[0]!.message };
    const outcome = await suspendUser(ctx, request.user!, id, form.value.reason, now());
    if (outcome.status === 'own_account') return { problem: 'You cannot suspend your own account. Ask another administrator.' };
    return outcome.status === 'unchanged' ? { ...outcome, status: 'already_suspended' } : outcome;
  });

  userForm('/admin/users/:id/restore', async (request, id) => {
    const outcome = await restoreUser(ctx, request.user!, id, now());
    return outcome.status === 'unchanged' ? { ...outcome, status: 'not_suspended' } : outcome;
  });

  // --- Photos: anyone ----------------------------------------------------------------------------
  await photoFiles(app, photoDir, db);
}
