import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { checkEvidence, EVIDENCE_MAX_BYTES, EVIDENCE_MESSAGES, readEvidence, tooLargeMessage } from '../directory/credentials/evidence.ts';
import { evidenceForViewer, ownCredentials, ownMemberAssociations, submitEvidence, withdrawEvidence } from '../directory/credentials/review.ts';
import { asFormBody, fieldValue } from '../web/form-fields.ts';
import { HttpError, notFound } from '../web/http-error.ts';
import { recordUpload, uploadLimitMessage, uploadWait } from '../web/images.ts';
import { noticeOf, parseId, queryOf } from '../web/query-params.ts';
import { CREDENTIAL_NOTICES, CredentialsPage, type CredentialNotice, type CredentialsView } from './views/credentials.tsx';

const NO_CREDENTIAL = 'Your profile has no credential at this address. It may have been changed or removed: see your credentials on your dashboard.';
const NO_EVIDENCE = 'There is no file at this address.';

/**
 * The dashboard's Credentials tab (/dashboard/credentials): evidence sent and withdrawn for the
 * member's own credentials (an id of another's is the same 404 as none), and the evidence files
 * themselves (/credentials/evidence/:id), for its member, site admins and the issuing
 * association's admins only; anyone else gets the 404 of a file that does not exist.
 */
export async function credentialPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const { db, now } = ctx;
  const member = requireUser('member');

  app.addHook('onSend', async (_request, reply) => {
    // Private papers and CSRF tokens: never kept by a browser or a proxy.
    reply.header('cache-control', 'private, no-store');
  });

  async function page(request: FastifyRequest, reply: FastifyReply, extra: Partial<CredentialsView> = {}) {
    const userId = request.user!.id;
    const [credentials, associations] = await Promise.all([ownCredentials(db, userId, now()), ownMemberAssociations(db, userId)]);
    return reply.html(<CredentialsPage csrf={reply.generateCsrf()} hasProfile={credentials !== null} credentials={credentials ?? []} associations={associations} now={now()} {...extra} />);
  }

  const credentialId = (raw: string) => {
    const id = parseId(raw);
    if (id === null) throw notFound(NO_CREDENTIAL);
    return id;
  };

  app.get('/dashboard/credentials', { preHandler: member }, async (request, reply) => {
    const notice = noticeOf<CredentialNotice>(queryOf(request.query).done, CREDENTIAL_NOTICES);
    return page(request, reply, { notice: notice ? CREDENTIAL_NOTICES[notice] : null });
  });

  app.post<{ Params: { id: string } }>('/dashboard/credentials/:id/withdraw', { preHandler: [app.csrfProtection, member] }, async (request, reply) => {
    const id = credentialId(request.params.id);
    if (!(await withdrawEvidence(ctx, request.user!.id, id))) throw notFound('There is no evidence waiting for that credential: it may have been decided or withdrawn already.');
    return reply.redirect(`/dashboard/credentials?done=withdrawn#credential-${id}`, 303);
  });

  // The upload is this plugin's only multipart route, so the parser is registered for it alone.
  await app.register(async (upload) => {
    await upload.register(multipart, {
      // keyValues: the CSRF field is in request.body like any form's, for the same preHandler.
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
    });
    upload.setErrorHandler((error) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, tooLargeMessage);
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
        throw new HttpError(400, 'Send one file at a time, from the form on your Credentials page.');
      }
      throw error;
    });

    upload.post<{ Params: { id: string } }>('/dashboard/credentials/:id/evidence', { preHandler: [app.csrfProtection, member], bodyLimit: EVIDENCE_MAX_BYTES + 64 * 1024 }, async (request, reply) => {
      const id = credentialId(request.params.id);
      const user = request.user!;
      const body = asFormBody(request.body);
      const own = await ownCredentials(db, user.id, now());
      if (!own?.some((c) => c.id === id)) throw notFound(NO_CREDENTIAL);
      const refuse = (status: number, message: string) => page(request, reply.code(status), { problem: { credentialId: id, message } });

      const rawIssuer = fieldValue(body, 'issuer_association_id', 20);
      const issuer = rawIssuer === '' ? null : parseId(rawIssuer);
      if (rawIssuer !== '' && issuer === null) return refuse(400, 'Choose one of your associations from the list, or none.');

      const file = body.evidence;
      if (Buffer.isBuffer(file) && file.length) {
        const wait = await uploadWait(db, user.id, now());
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          return refuse(429, uploadLimitMessage(wait));
        }
        await recordUpload(db, user.id, now());
      }
      const checked = Buffer.isBuffer(file) ? await checkEvidence(file) : ({ ok: false, problem: 'empty' } as const);
      if (!checked.ok) return refuse(400, EVIDENCE_MESSAGES[checked.problem]);
      const originalName = checked.mediaType === 'application/pdf' ? 'evidence.pdf' : 'evidence.webp';
      const outcome = await submitEvidence({ ...ctx, logError: (err, what) => app.log.error({ err }, what) }, user, id, issuer, { originalName, checked });
      switch (outcome.status) {
        case 'submitted':
          return reply.redirect(`/dashboard/credentials?done=sent#credential-${id}`, 303);
        case 'not_found':
          throw notFound(NO_CREDENTIAL);
        case 'not_member':
          return refuse(400, 'You can name an association only while you are one of its members. Choose one from the list, or none.');
        case 'verified':
          return refuse(409, 'This credential is verified; you can send new evidence in the month before its verification lapses.');
      }
    });
  });

  // No log-in redirect: to anyone who may not see it, a file that exists and one that does not look the same.
  app.get<{ Params: { id: string } }>('/credentials/evidence/:id', async (request, reply) => {
    const id = parseId(request.params.id);
    const found = id === null || !request.user ? null : await evidenceForViewer(db, request.user, id);
    const data = found ? await readEvidence(ctx.config.evidenceDir, found.fileName) : null;
    if (!found || !data) throw notFound(NO_EVIDENCE);
    const pdf = found.mediaType === 'application/pdf';
    return reply
      .type(found.mediaType)
      .header('x-content-type-options', 'nosniff')
      // Opened in a tab, the file gets no origin, no scripts and no forms of this site.
      .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
      .header('content-disposition', `${pdf ? 'attachment' : 'inline'}; filename="credential-evidence-${id}.${pdf ? 'pdf' : 'webp'}"`)
      .send(data);
  });
}
