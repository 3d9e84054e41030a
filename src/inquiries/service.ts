import type { Db } from '../db/database.ts';
import type { InquiryStatus } from '../db/schema.ts';
import { listPracticeAreas } from '../directory/practice-areas.ts';
import { formatsOf } from '../directory/rows.ts';
import type { PracticeArea } from '../directory/types.ts';
import type { Context } from '../web/context.ts';
import { claimInquiry } from './limits.ts';
import { inquiryConfirmationMail, inquiryReplyMail, inquiryToMediatorMail } from './mails.ts';
import { INQUIRY_FORMATS, OTHER_KIND, type InquiryInput } from './schema.ts';
import { statsFor } from '../directory/stats.ts';
import type { ContactTarget, Inquiry, InquirySummary, MemberListing } from './types.ts';

export const OTHER_LABEL = 'Something else';

export const kindLabel = (kind: string, areas: PracticeArea[]) => (kind === OTHER_KIND ? OTHER_LABEL : (areas.find((a) => a.slug === kind)?.name ?? kind));

/** A listed mediator the contact form writes to, with the owner's address (for mail only). */
export async function findContactTarget(db: Db, slug: string): Promise<ContactTarget | null> {
  const row = await db
    .selectFrom('mediators')
    .leftJoin('users', 'users.id', 'mediators.user_id')
    .select(['mediators.id', 'mediators.slug', 'mediators.name', 'mediators.fmt_in_person', 'mediators.fmt_online', 'mediators.fmt_phone', 'users.email'])
    .where('mediators.slug', '=', slug)
    .where('mediators.status', '=', 'published')
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, slug: row.slug, name: row.name, formats: formatsOf(row), ownerEmail: row.email ?? null };
}

/** The formats a visitor may ask for: no preference, or one the mediator offers. */
export const formatChoices = (t: ContactTarget) => INQUIRY_FORMATS.filter((f) => f === 'any' || (t.formats as string[]).includes(f));

export type SendOutcome = { status: 'sent'; inquiryId: number; demo: boolean } | { status: 'limited'; waitSeconds: number };

/**
 * Stores an inquiry, then mails it to the member (Reply-To the sender) and a confirmation to the
 * sender. A profile without an owner account (demo data) stores it and mails only the sender,
 * who is told no one will read it. A mail that fails is logged; the member still sees the
 * inquiry in their dashboard, so the sender is not told to send it again.
 */
export async function sendInquiry(ctx: Context, target: ContactTarget, input: InquiryInput, clientAddress: string, now: Date): Promise<SendOutcome> {
  const { db } = ctx;
  const demo = target.ownerEmail === null;
  const inserted = await db.transaction().execute(async (trx) => {
    // Counted in the transaction that stores the inquiry, so concurrent posts take turns (limits.ts).
    const waitSeconds = await claimInquiry(trx, { address: clientAddress, email: input.email }, now);
    if (waitSeconds > 0) return { waitSeconds };
    return trx
      .insertInto('inquiries')
      .values({
        mediator_id: target.id,
        sender_name: input.name,
        sender_email: input.email,
        sender_phone: input.phone,
        kind: input.kind,
        place: input.place,
        format: input.format,
        message: input.message,
        status: 'new',
        delivered: demo ? 0 : 1,
        created_at: now.toISOString(),
        replied_at: null,
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
  if ('waitSeconds' in inserted) return { status: 'limited', waitSeconds: inserted.waitSeconds };
  statsFor(db).record('inquiries', [target.id], now);

  const facts = { mediatorName: target.name, kindLabel: kindLabel(input.kind, await listPracticeAreas(db)), input };
  const mails = [...(target.ownerEmail ? [inquiryToMediatorMail(ctx.config.publicUrl, target.ownerEmail, inserted.id, facts)] : []), inquiryConfirmationMail(ctx.config.publicUrl, facts, demo)];
  for (const mail of mails) {
    try {
      await ctx.mailer.send(mail);
    } catch (err) {
      ctx.logError(err, `inquiry ${inserted.id}: a mail could not be sent`);
    }
  }
  return { status: 'sent', inquiryId: inserted.id, demo };
}

/** The profile the signed-in member owns (at most one: a unique index on mediators.user_id). */
export async function findMemberListing(db: Db, userId: number): Promise<MemberListing | null> {
  const row = await db.selectFrom('mediators').select(['id', 'slug', 'name', 'status']).where('user_id', '=', userId).executeTakeFirst();
  return row ?? null;
}

export const INBOX_PAGE_SIZE = 25;

export async function listInquiries(
  db: Db,
  mediatorId: number,
  filter: InquiryStatus | 'all',
  page: number,
): Promise<{ total: number; counts: Record<InquiryStatus, number>; items: InquirySummary[] }> {
  const [areas, grouped] = await Promise.all([
    listPracticeAreas(db),
    db.selectFrom('inquiries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('mediator_id', '=', mediatorId).groupBy('status').execute(),
  ]);
  const counts: Record<InquiryStatus, number> = { new: 0, replied: 0, closed: 0 };
  for (const g of grouped) counts[g.status] = Number(g.n);
  let q = db.selectFrom('inquiries').select(['id', 'sender_name', 'kind', 'status', 'created_at', 'message']).where('mediator_id', '=', mediatorId);
  if (filter !== 'all') q = q.where('status', '=', filter);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(INBOX_PAGE_SIZE)
    .offset((page - 1) * INBOX_PAGE_SIZE)
    .execute();
  const total = filter === 'all' ? counts.new + counts.replied + counts.closed : counts[filter];
  return {
    total,
    counts,
    items: rows.map((r) => ({
      id: r.id,
      senderName: r.sender_name,
      kind: kindLabel(r.kind, areas),
      status: r.status,
      createdAt: r.created_at,
      preview: r.message.length > 140 ? `${r.message.slice(0, 140).trimEnd()}…` : r.message,
    })),
  };
}

/** One inquiry of this mediator's; null for any other id (another member's included). */
export async function getInquiry(db: Db, mediatorId: number, id: number): Promise<Inquiry | null> {
  const row = await db.selectFrom('inquiries').selectAll().where('id', '=', id).where('mediator_id', '=', mediatorId).executeTakeFirst();
  if (!row) return null;
  const [areas, replies] = await Promise.all([
    listPracticeAreas(db),
    db.selectFrom('inquiry_replies').select(['message', 'created_at']).where('inquiry_id', '=', id).orderBy('id').execute(),
  ]);
  return {
    id: row.id,
    senderName: row.sender_name,
    senderEmail: row.sender_email,
    senderPhone: row.sender_phone,
    kind: kindLabel(row.kind, areas),
    place: row.place,
    format: row.format,
    message: row.message,
    status: row.status,
    createdAt: row.created_at,
    repliedAt: row.replied_at,
    closedAt: row.closed_at,
    replies: replies.map((r) => ({ message: r.message, createdAt: r.created_at })),
  };
}

/**
 * Sends the member's reply to the sender (Reply-To the member) and marks the inquiry replied.
 * The mail goes first: if it fails, nothing is recorded and the member is told to try again.
 */
export async function replyToInquiry(
  ctx: Context,
  listing: MemberListing,
  memberEmail: string,
  id: number,
  message: string,
  now: Date,
): Promise<'ok' | 'not_found' | 'mail_failed'> {
  const inquiry = await getInquiry(ctx.db, listing.id, id);
  if (!inquiry) return 'not_found';
  try {
    await ctx.mailer.send(inquiryReplyMail(inquiry.senderEmail, memberEmail, listing.name, message, inquiry.message));
  } catch (err) {
    ctx.logError(err, `inquiry ${id}: the reply could not be sent`);
    return 'mail_failed';
  }
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('inquiry_replies').values({ inquiry_id: id, message, created_at: at }).execute();
    await trx.updateTable('inquiries').set({ status: 'replied', replied_at: at, closed_at: null }).where('id', '=', id).where('mediator_id', '=', listing.id).execute();
  });
  return 'ok';
}

export async function closeInquiry(db: Db, mediatorId: number, id: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('inquiries').set({ status: 'closed', closed_at: now.toISOString() }).where('id', '=', id).where('mediator_id', '=', mediatorId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
