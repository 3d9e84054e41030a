import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ResetForm } from '../../accounts/schema.ts';
import { requireUser, startSession } from '../../accounts/session.ts';
import { associationToAdminister } from '../../associations/memberships.ts';
import { SLUG_PATTERN } from '../../directory/schema.ts';
import { findOwnMediator } from '../../members/profiles.ts';
import { asFormBody, fieldValue, parseForm } from '../../web/form-fields.ts';
import { HttpError, notFound } from '../../web/http-error.ts';
import { claimProfile, findClaim, listUnclaimed, resendClaimMail } from './claims.ts';
import { importMediators } from './service.ts';
import { CLAIM_NOTICES, ClaimPage, ClaimProblemPage, ClaimsPage, ConsentPage, ImportPage, UPLOAD_MAX_BYTES } from './views.tsx';
import { noticeOf, pageParam, parseId, queryOf } from '../../web/query-params.ts';
import { formatDate } from '../../web/format.ts';

/**
 * Importing mediators (/admin/import, admins; /associations/:slug/admin/import, that
 * association's admins, for its own roster: here because the import is the admin feature's, which
 * may read associations, and not the other way round) and claiming an imported profile (/claim, anyone
 * with the mailed link; /claim/consent, the mediator who claimed it).
 */
export async function importPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const csrf = app.csrfProtection;
  const admin = requireUser('admin');
  const member = requireUser('member');

  app.get('/admin/import', { preHandler: admin }, async (_request, reply) => reply.html(<ImportPage csrf={reply.generateCsrf()} />));

  const signedIn = requireUser();
  /** The association at this address, when the viewer runs it; else the 404 an unknown one gets. */
  const administered = async (slug: string, viewer: { id: number; role: 'member' | 'editor' | 'admin' }) => {
    const association = SLUG_PATTERN.test(slug) ? await associationToAdminister(ctx.db, viewer, slug) : null;
    if (!association) throw notFound('There is no association at this address that you run. Check the address, or ask one of its admins to add you.');
    return association;
  };
  app.get<{ Params: { slug: string } }>('/associations/:slug/admin/import', { preHandler: signedIn }, async (request, reply) => {
    const association = await administered(request.params.slug, request.user!);
    return reply.header('cache-control', 'no-store').html(<ImportPage csrf={reply.generateCsrf()} roster={association} />);
  });

  // The upload is this plugin's only multipart route, so the parser is registered for it alone.
  await app.register(async (upload) => {
    await upload.register(multipart, {
      // keyValues: the CSRF field is in request.body like any form's, for the same preHandler.
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
    });
    upload.setErrorHandler((error) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new HttpError(413, `That file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB, so nothing was imported. Split it, or import it on the server with npm run import.`);
      }
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
        throw new HttpError(400, 'Send one CSV file, from the form on the import page.');
      }
      throw error;
    });

    upload.post('/admin/import', { preHandler: [csrf, admin], bodyLimit: UPLOAD_MAX_BYTES + 64 * 1024 }, async (request, reply) => {
      const body = asFormBody(request.body);
      const typed = { skipInvalid: ['1', 'on'].includes(fieldValue(body, 'skip_invalid', 10)), association: fieldValue(body, 'association', 100).trim() };
      const again = (status: number, view: Partial<Parameters<typeof ImportPage>[0]>) => reply.code(status).html(<ImportPage csrf={reply.generateCsrf()} typed={typed} {...view} />);
      const file = body.file;
      if (!Buffer.isBuffer(file) || !file.length) return again(400, { problems: [{ field: 'file', message: 'Choose a CSV file to import.' }] });
      const outcome = await importMediators(ctx, () => Readable.from([file]), {
        source: 'upload.csv',
        skipInvalid: typed.skipInvalid,
        association: typed.association || null,
        actor: request.user!,
      });
      if (outcome.status === 'no_association') return again(400, { problems: [{ field: 'association', message: `There is no association with the slug “${outcome.slug}”.` }] });
      return again(outcome.status === 'imported' ? 200 : outcome.status === 'no_places' ? 503 : 400, { outcome });
    });

    upload.post<{ Params: { slug: string } }>('/associations/:slug/admin/import', { preHandler: [csrf, signedIn], bodyLimit: UPLOAD_MAX_BYTES + 64 * 1024 }, async (request, reply) => {
      const association = await administered(request.params.slug, request.user!);
      const body = asFormBody(request.body);
      // The association is the address's, never a field of the form.
      const typed = { skipInvalid: ['1', 'on'].includes(fieldValue(body, 'skip_invalid', 10)), association: association.slug };
      const again = (status: number, view: Partial<Parameters<typeof ImportPage>[0]>) =>
        reply.code(status).header('cache-control', 'no-store').html(<ImportPage csrf={reply.generateCsrf()} typed={typed} roster={association} {...view} />);
      const file = body.file;
      if (!Buffer.isBuffer(file) || !file.length) return again(400, { problems: [{ field: 'file', message: 'Choose a CSV file to import.' }] });
      const outcome = await importMediators(ctx, () => Readable.from([file]), { source: 'upload.csv', skipInvalid: typed.skipInvalid, association: association.slug, actor: request.user! });
      if (outcome.status === 'no_association') throw notFound('The association was deleted meanwhile, so nothing was imported.');
      return again(outcome.status === 'imported' ? 200 : outcome.status === 'no_places' ? 503 : 400, { outcome });
    });
  });

  // --- Imported profiles waiting for their claim --------------------------------------------------

  const pageOf = (raw: unknown) => {
    const parsed = pageParam.safeParse(queryOf(raw).page);
    if (!parsed.success) throw new HttpError(400, 'That page number is not right: pages are whole numbers from 1.');
    return parsed.data;
  };
  const claimsPage = async (reply: FastifyReply, page: number, notice: string | null, problem: string | null = null) => {
    const list = await listUnclaimed(ctx.db, page, ctx.now());
    if (page > list.pageCount) throw new HttpError(404, `There is no page ${page}: the list has ${list.pageCount === 1 ? 'one page' : `${list.pageCount} pages`}.`);
    return reply.html(<ClaimsPage csrf={reply.generateCsrf()} list={list} page={page} notice={notice} problem={problem} />);
  };

  app.get('/admin/claims', { preHandler: admin }, async (request, reply) => {
    const done = noticeOf(queryOf(request.query).done, CLAIM_NOTICES);
    return claimsPage(reply, pageOf(request.query), done ? CLAIM_NOTICES[done] : null);
  });

  app.post<{ Params: { id: string } }>('/admin/claims/:id/resend', { preHandler: [csrf, admin] }, async (request, reply) => {
    const id = parseId(request.params.id);
    const page = pageOf(request.query);
    const noClaim = () => new HttpError(404, 'There is no imported profile waiting for that claim. It may have been deleted.');
    if (!id) throw noClaim();
    const outcome = await resendClaimMail(ctx, request.user!, id);
    switch (outcome.status) {
      case 'unknown':
        throw noClaim();
      case 'claimed':
        throw new HttpError(409, 'This profile has been claimed already: its mediator has it, so there is no link to mail.');
      case 'too_soon':
        return claimsPage(reply.code(429), page, null, `The claim link of this profile was mailed less than an hour ago. It can be mailed again from ${formatDate(outcome.from)}, ${outcome.from.slice(11, 16)} UTC.`);
      case 'sent':
        return reply.redirect(`/admin/claims?page=${page}&done=resent`, 303);
    }
  });

  app.get('/claim', async (request, reply) => {
    const token = fieldValue(asFormBody(request.query), 'token', 200);
    const found = await findClaim(ctx, token);
    if (found.status !== 'ok') return reply.code(found.status === 'invalid' ? 404 : 410).html(<ClaimProblemPage status={found.status} />);
    return reply.header('referrer-policy', 'no-referrer').html(<ClaimPage csrf={reply.generateCsrf()} token={token} claim={found.claim} signedInAs={request.user?.email ?? null} />);
  });

  app.post('/claim', { preHandler: csrf }, async (request, reply) => {
    const body = asFormBody(request.body);
    const token = fieldValue(body, 'token', 200);
    let password: string | null = null;
    if (!request.user) {
      const found = await findClaim(ctx, token);
      if (found.status === 'ok' && !found.claim.hasAccount) {
        const form = parseForm(ResetForm, body);
        if (!form.ok) return reply.code(400).html(<ClaimPage csrf={reply.generateCsrf()} token={token} claim={found.claim} signedInAs={null} problems={form.problems} />);
        password = form.value.password;
      }
    }
    const outcome = await claimProfile(ctx, token, request.user ?? null, password);
    switch (outcome.status) {
      case 'claimed':
        if (outcome.newAccount) await startSession(app, request, reply, outcome.userId);
        return reply.redirect('/claim/consent', 303);
      case 'invalid':
      case 'expired':
      case 'used':
        return reply.code(outcome.status === 'invalid' ? 404 : 410).html(<ClaimProblemPage status={outcome.status} />);
      case 'sign_in':
        return reply.redirect(`/login?next=${encodeURIComponent(`/claim?token=${token}`)}`, 303);
      case 'other_account':
        throw new HttpError(409, `You are logged in with another address than ${outcome.email}, which this link was mailed to. Log out, then open the link again.`);
      case 'has_profile':
        throw new HttpError(409, 'Your account has a profile already, and an account keeps one profile. Ask the people who run Concord to merge the two.');
    }
  });

  app.get('/claim/consent', { preHandler: member }, async (request, reply) => {
    const own = await findOwnMediator(ctx.db, request.user!.id);
    if (!own) return reply.redirect('/dashboard', 303);
    return reply.html(<ConsentPage csrf={reply.generateCsrf()} name={own.name} slug={own.slug} listed={own.status === 'published'} />);
  });
}
