import { asFormBody, parseForm } from '../web/form-fields.ts';
import { queryOf } from '../web/query-params.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../accounts/session.ts';
import { listPracticeAreas } from '../directory/practice-areas.ts';
import { SLUG_PATTERN } from '../directory/schema.ts';
import type { FieldProblem } from '../web/http-error.ts';
import { badRequest, notFound } from '../web/http-error.ts';
import { checkStamp, formStamp } from './form-time.ts';
import { OTHER_KIND, parseInboxQuery, parseInquiry, ReplyForm, typedFields } from './schema.ts';
import { closeInquiry, findContactTarget, formatChoices, findMemberListing, getInquiry, INBOX_PAGE_SIZE, listInquiries, replyToInquiry, sendInquiry } from './service.ts';
import { monthlyNumbers } from '../directory/stats.ts';
import { STATUS_LABELS, type ContactTarget, type MemberListing } from './types.ts';
import { ContactPage, contactPath, SentPage, type ContactFormView } from './views/contact.tsx';
import { InboxPage, InquiryPage, NoListingPage, NumbersPage } from './views/dashboard.tsx';
import { inMinutes } from '../web/format.ts';

const NOT_LISTED = 'This mediator is not listed on Concord. They may have removed their profile, or the address may be mistyped.';
const NOT_YOURS = 'There is no inquiry with that number among yours.';

/**
 * The contact form's pages (anyone) and the member's inquiries and numbers (signed-in members,
 * each seeing only their own profile's). Each handler: CSRF (every POST) → who may → spam
 * guards → validate → the service → render or redirect.
 */
export async function inquiryPages(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const { db, config, now } = ctx;
  const csrf = app.csrfProtection;
  const signedIn = requireUser();

  // Forms carry a CSRF token and a signed time; dashboard pages carry people's messages.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });


  /** What the contact form needs for this mediator, with a fresh CSRF token and start time. */
  async function contactForm(target: ContactTarget, reply: FastifyReply, values?: Record<string, string>, problems?: FieldProblem[]): Promise<ContactFormView> {
    return {
      slug: target.slug,
      mediatorName: target.name,
      demo: target.ownerEmail === null,
      csrf: reply.generateCsrf(),
      stamp: formStamp(config.secret, target.slug, now()),
      practiceAreas: await listPracticeAreas(db),
      formats: formatChoices(target),
      values,
      problems,
    };
  }

  const target = async (slug: string) => {
    const found = SLUG_PATTERN.test(slug) ? await findContactTarget(db, slug) : null;
    if (!found) throw notFound(NOT_LISTED);
    return found;
  };

  app.get<{ Params: { slug: string } }>('/mediators/:slug/contact', async (request, reply) => {
    const t = await target(request.params.slug);
    return reply.html(<ContactPage {...await contactForm(t, reply)} />);
  });

  app.post<{ Params: { slug: string } }>('/mediators/:slug/contact', { preHandler: csrf }, async (request, reply) => {
    const t = await target(request.params.slug);
    const typed = typedFields(request.body);
    const again = async (status: number, notice: string | null, problems: FieldProblem[] = []) => {
      reply.code(status);
      const view = await contactForm(t, reply, typed, problems);
      return reply.html(<ContactPage {...view} notice={notice ?? undefined} />);
    };

    // Robots first: the hidden field filled in, or posted faster than a person could.
    const trap = asFormBody(request.body).website;
    if (trap !== undefined && trap !== '') {
      return again(
        400,
        'Your message was not sent: it looked automatic, because a hidden field meant for robots was filled in (some browsers fill in every field). Please check your message and send it again.',
      );
    }
    const stamp = checkStamp(config.secret, t.slug, asFormBody(request.body).started, now());
    if (stamp.status === 'too_fast') {
      return again(400, 'Your message was not sent yet: it came quicker than a person usually types, so we want to be sure. Please check it and press "Send message" again.');
    }
    if (stamp.status !== 'ok') {
      return again(400, 'Your message was not sent: the form had been open for a long time, or could not be checked. Please check your message and press "Send message" again.');
    }

    const kinds = [...(await listPracticeAreas(db)).map((a) => a.slug), OTHER_KIND];
    const form = parseInquiry(request.body, kinds, formatChoices(t));
    if (!form.ok) return again(400, null, form.problems);

    const outcome = await sendInquiry(ctx, t, form.value, request.ip, now());
    if (outcome.status === 'limited') {
      reply.header('retry-after', String(outcome.waitSeconds));
      return again(429, `Your message was not sent: too many messages have come from this address or this connection in the last hour. Please try again ${inMinutes(outcome.waitSeconds)}.`);
    }
    return reply.redirect(`${contactPath(t.slug)}/sent`, 303);
  });

  app.get<{ Params: { slug: string } }>('/mediators/:slug/contact/sent', async (request, reply) => {
    const t = await target(request.params.slug);
    return reply.html(<SentPage slug={t.slug} mediatorName={t.name} demo={t.ownerEmail === null} />);
  });

  // ---- the member's dashboard: only the signed-in member's own profile, found by user_id ----

  const listingOf = (request: { user: { id: number } | null }) => findMemberListing(db, request.user!.id);
  /** An inquiry id from the path; anything else is a 404, like another member's inquiry. */
  const inquiryId = (raw: string) => {
    if (!/^\d{1,9}$/.test(raw)) throw notFound(NOT_YOURS);
    return Number(raw);
  };

  app.get('/dashboard/inquiries', { preHandler: signedIn }, async (request, reply) => {
    const parsed = parseInboxQuery(request.query);
    if (!parsed.ok) throw badRequest('That page number is not valid.', parsed.problems);
    const { status: filter, page } = parsed.params;
    const listing = await listingOf(request);
    if (!listing) return reply.html(<NoListingPage what="inquiries" />);
    const inbox = await listInquiries(db, listing.id, filter, page);
    const pageCount = Math.max(1, Math.ceil(inbox.total / INBOX_PAGE_SIZE));
    if (page > pageCount) {
      const which = filter === 'all' ? 'your inquiries' : `your ${STATUS_LABELS[filter].toLowerCase()} inquiries`;
      throw notFound(`There ${pageCount === 1 ? 'is only 1 page' : `are only ${pageCount} pages`} of ${which}, so there is no page ${page}.`);
    }
    const notice = queryOf(request.query).done === 'closed' ? 'The inquiry is closed.' : null;
    return reply.html(<InboxPage listing={listing} filter={filter} page={page} pageCount={pageCount} notice={notice} {...inbox} />);
  });

  const ownInquiry = async (request: { user: { id: number } | null }, raw: string) => {
    const id = inquiryId(raw);
    const listing = await listingOf(request);
    const inquiry = listing ? await getInquiry(db, listing.id, id) : null;
    if (!listing || !inquiry) throw notFound(NOT_YOURS);
    return { listing, inquiry };
  };

  app.get<{ Params: { id: string } }>('/dashboard/inquiries/:id', { preHandler: signedIn }, async (request, reply) => {
    const { inquiry } = await ownInquiry(request, request.params.id);
    const notice = queryOf(request.query).done === 'replied' ? 'Your reply is sent.' : null;
    return reply.html(<InquiryPage inquiry={inquiry} csrf={reply.generateCsrf()} notice={notice} />);
  });

  app.post<{ Params: { id: string } }>('/dashboard/inquiries/:id/reply', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const { listing, inquiry } = await ownInquiry(request, request.params.id);
    const typed = typedFields(request.body).message!;
    const again = (status: number, problems: FieldProblem[]) =>
      reply.code(status).html(<InquiryPage inquiry={inquiry} csrf={reply.generateCsrf()} reply={typed} problems={problems} />);
    const form = parseForm(ReplyForm, request.body);
    if (!form.ok) return again(400, form.problems);
    const outcome = await replyToInquiry(ctx, listing as MemberListing, request.user!.email, inquiry.id, form.value.message, now());
    if (outcome === 'not_found') throw notFound(NOT_YOURS);
    if (outcome === 'mail_failed') return again(503, [{ field: 'message', message: 'Your reply could not be sent just now. Nothing was lost: please try again in a few minutes.' }]);
    return reply.redirect(`/dashboard/inquiries/${inquiry.id}?done=replied`, 303);
  });

  app.post<{ Params: { id: string } }>('/dashboard/inquiries/:id/close', { preHandler: [csrf, signedIn] }, async (request, reply) => {
    const { listing, inquiry } = await ownInquiry(request, request.params.id);
    await closeInquiry(db, listing.id, inquiry.id, now());
    return reply.redirect('/dashboard/inquiries?done=closed', 303);
  });

  app.get('/dashboard/numbers', { preHandler: signedIn }, async (request, reply) => {
    const listing = await listingOf(request);
    if (!listing) return reply.html(<NoListingPage what="numbers" />);
    return reply.html(<NumbersPage listing={listing} months={await monthlyNumbers(db, listing.id, now())} />);
  });
}
