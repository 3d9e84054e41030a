import type { FastifyInstance } from 'fastify';
import { publishedPieces } from '../articles/feeds.ts';
import type { Db } from '../db/database.ts';
import type { Context } from '../web/context.ts';
import { absoluteUrl } from '../web/layout.tsx';
import { parseRowLink } from '../lib/signing.ts';
import { confirmLinkStatus, confirmToken, unsubscribeLinkMatches, unsubscribeToken } from './links.ts';
import { claimSubscribe } from './limits.ts';
import { confirmMail, digestMail } from './mails.ts';
import type { Viewer } from '../web/viewer.ts';

/**
 * The weekly digest: subscribing (double opt-in), confirming, unsubscribing, and the Monday send.
 * A subscriber gets mail only while confirmed_at is set and unsubscribed_at is not.
 */

/** The digest goes out on Mondays from 14:00 UTC: morning in the Americas, afternoon in Europe. */
export const DIGEST_WEEKDAY = 1;
export const DIGEST_HOUR_UTC = 14;
/** A mail lists at most this many pieces, then links to the rest. */
export const DIGEST_MAX_ITEMS = 30;
/** A run that has not finished after this long is taken to have died with its instance. */
export const RUN_STALE_MS = 30 * 60 * 1000;
export const CHECK_EVERY_MS = 60 * 60 * 1000;
export const FIRST_CHECK_AFTER_MS = 5 * 60 * 1000;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

// ---- subscribing ----

export type SubscribeOutcome = { status: 'mailed' | 'subscribed' | 'mail_failed' } | { status: 'limited'; waitSeconds: number };

/**
 * A request for the digest. A visitor's address gets a confirmation link and nothing else until
 * it is followed; the answer is the same whether the address was new, waiting, subscribed or
 * unsubscribed. A signed-in member asking for their own account's address (confirmed when they
 * signed up) is subscribed at once.
 */
export async function subscribe(ctx: Context, email: string, viewer: Viewer | null, clientAddress: string, now: Date): Promise<SubscribeOutcome> {
  const { db } = ctx;
  const stamp = now.toISOString();
  if (viewer && viewer.email === email) {
    await confirmAddress(db, email, viewer.id, now);
    return { status: 'subscribed' };
  }
  const who = { address: clientAddress, email };
  // The limit is counted in the transaction that stores the address, so requests sent at once
  // cannot all pass it.
  const claimed = await db.transaction().execute(async (trx) => {
    const wait = await claimSubscribe(trx, who, now);
    if (wait > 0) return { wait } as const;
    await trx
      .insertInto('digest_subscribers')
      .values({ email, user_id: null, created_at: stamp, confirmed_at: null, unsubscribed_at: null, last_sent_at: null })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    return { wait: 0, subscriber: await trx.selectFrom('digest_subscribers').select(['id', 'link_secret']).where('email', '=', email).executeTakeFirstOrThrow() } as const;
  });
  if (!claimed.subscriber) return { status: 'limited', waitSeconds: claimed.wait };
  const { subscriber } = claimed;
  try {
    await ctx.mailer.send(confirmMail(ctx.config.publicUrl, email, confirmToken(ctx.config.secret, subscriber, now)));
  } catch (err) {
    ctx.logError(err, 'a digest confirmation could not be sent');
    return { status: 'mail_failed' };
  }
  return { status: 'mailed' };
}

/** Subscribed from now on (again, after an unsubscription); keeps the first confirmation date. */
async function confirmAddress(db: Db, email: string, userId: number | null, now: Date): Promise<'confirmed' | 'already'> {
  const stamp = now.toISOString();
  await db
    .insertInto('digest_subscribers')
    .values({ email, user_id: userId, created_at: stamp, confirmed_at: null, unsubscribed_at: null, last_sent_at: null })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const row = await db.selectFrom('digest_subscribers').select(['id', 'confirmed_at', 'unsubscribed_at', 'user_id']).where('email', '=', email).executeTakeFirstOrThrow();
  if (row.confirmed_at && !row.unsubscribed_at) {
    if (userId && !row.user_id) await db.updateTable('digest_subscribers').set({ user_id: userId }).where('id', '=', row.id).execute();
    return 'already';
  }
  await db
    .updateTable('digest_subscribers')
    .set({ confirmed_at: row.unsubscribed_at || !row.confirmed_at ? stamp : row.confirmed_at, unsubscribed_at: null, ...(userId ? { user_id: userId } : {}) })
    .where('id', '=', row.id)
    .execute();
  return 'confirmed';
}

export type BadConfirmLink = { status: 'expired' | 'invalid' | 'superseded' };
export type ConfirmLink = { status: 'ok'; email: string; issuedAt: Date } | BadConfirmLink;

/**
 * What a confirmation link is now, without using it. A link sent before the address last
 * unsubscribed is superseded: otherwise an old mail could undo an unsubscription.
 */
export async function checkConfirmLink(db: Db, secret: string, token: unknown, now: Date): Promise<ConfirmLink> {
  const link = parseRowLink(token);
  const row = link && (await db.selectFrom('digest_subscribers').select(['id', 'email', 'link_secret', 'unsubscribed_at']).where('id', '=', link.id).executeTakeFirst());
  if (!link?.issuedAt || !row) return { status: 'invalid' };
  const status = confirmLinkStatus(secret, link, row, now);
  if (status !== 'ok') return { status };
  if (row.unsubscribed_at && row.unsubscribed_at >= link.issuedAt.toISOString()) return { status: 'superseded' };
  return { status: 'ok', email: row.email, issuedAt: link.issuedAt };
}

export async function confirmSubscription(db: Db, secret: string, token: unknown, now: Date): Promise<BadConfirmLink | { status: 'confirmed' | 'already'; email: string }> {
  const link = await checkConfirmLink(db, secret, token, now);
  if (link.status !== 'ok') return link;
  const user = await db.selectFrom('users').select('id').where('email', '=', link.email).executeTakeFirst();
  return { status: await confirmAddress(db, link.email, user?.id ?? null, now), email: link.email };
}

export type UnsubscribeLink = { status: 'ok'; subscriberId: number; email: string; subscribed: boolean } | { status: 'invalid' };

export async function checkUnsubscribeLink(db: Db, secret: string, token: unknown): Promise<UnsubscribeLink> {
  const link = parseRowLink(token);
  const row = link && (await db.selectFrom('digest_subscribers').select(['id', 'email', 'link_secret', 'confirmed_at', 'unsubscribed_at']).where('id', '=', link.id).executeTakeFirst());
  if (!link || !row || !unsubscribeLinkMatches(secret, link, row)) return { status: 'invalid' };
  return { status: 'ok', subscriberId: row.id, email: row.email, subscribed: !!row.confirmed_at && !row.unsubscribed_at };
}

/** Stops the digest at once; doing it twice changes nothing. */
export async function unsubscribe(db: Db, subscriberId: number, now: Date): Promise<void> {
  await db.updateTable('digest_subscribers').set({ unsubscribed_at: now.toISOString() }).where('id', '=', subscriberId).where('unsubscribed_at', 'is', null).execute();
}

/**
 * The unsubscribe token when this address gets the digest now, else null. Only ever asked about a
 * signed-in member's own address: a visitor is never told whether an address is subscribed.
 */
export async function activeUnsubscribeToken(db: Db, secret: string, email: string): Promise<string | null> {
  const row = await db.selectFrom('digest_subscribers').select(['id', 'link_secret', 'confirmed_at', 'unsubscribed_at']).where('email', '=', email).executeTakeFirst();
  return row?.confirmed_at && !row.unsubscribed_at ? unsubscribeToken(secret, row) : null;
}

// ---- the weekly send ----

/** The latest send moment at or before `now` (Monday 14:00 UTC), and the week it closes. */
export function dueDigest(now: Date): { week: string; sendAt: Date; from: Date } {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  const back = (day.getUTCDay() - DIGEST_WEEKDAY + 7) % 7;
  let sendAt = new Date(day.getTime() - back * DAY_MS);
  if (sendAt > now) sendAt = new Date(sendAt.getTime() - WEEK_MS);
  return { week: isoWeek(sendAt), sendAt, from: new Date(sendAt.getTime() - WEEK_MS) };
}

/** "2026-W48": the ISO 8601 week of a date (weeks start on Monday; week 1 holds a Thursday). */
export function isoWeek(at: Date): string {
  // The Thursday of the date's week decides the year the week belongs to.
  const thursday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export type DigestRun = { week: string; status: 'sent'; sent: number } | { week: string; status: 'empty' | 'already' };

/**
 * Sends the week's digest once, however many instances run this and however often. The week is
 * claimed by inserting its digest_runs row; each subscriber by a conditional update of
 * last_sent_at, so an instance that takes over a run that died half-way (RUN_STALE_MS) mails only
 * those not yet mailed. A week with nothing new is claimed and skipped.
 */
export async function runWeeklyDigest(ctx: Context, now: Date): Promise<DigestRun> {
  const { db } = ctx;
  const { week, sendAt, from } = dueDigest(now);
  const stamp = now.toISOString();
  const inserted = await db.insertInto('digest_runs').values({ week, started_at: stamp, finished_at: null, sent: 0 }).onConflict((oc) => oc.column('week').doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
    const run = await db.selectFrom('digest_runs').select(['started_at', 'finished_at']).where('week', '=', week).executeTakeFirst();
    if (!run || run.finished_at || Date.parse(run.started_at) > now.getTime() - RUN_STALE_MS) return { week, status: 'already' };
    const taken = await db.updateTable('digest_runs').set({ started_at: stamp }).where('week', '=', week).where('finished_at', 'is', null).where('started_at', '=', run.started_at).executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return { week, status: 'already' };
  }

  // Published in [from, sendAt): the moment before sendAt is the last that counts.
  const pieces = await publishedPieces(db, { from: from.toISOString(), limit: DIGEST_MAX_ITEMS + 1 }, new Date(sendAt.getTime() - 1));
  if (!pieces.length) {
    await db.updateTable('digest_runs').set({ finished_at: stamp }).where('week', '=', week).execute();
    return { week, status: 'empty' };
  }
  const shown = pieces.slice(0, DIGEST_MAX_ITEMS);
  const more =
    pieces.length > DIGEST_MAX_ITEMS
      ? Number(
          (
            await db
              .selectFrom('articles')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('status', '=', 'published')
              .where('published_at', '>=', from.toISOString())
              .where('published_at', '<', sendAt.toISOString())
              .executeTakeFirstOrThrow()
          ).n,
        ) - shown.length
      : 0;

  const sendAtIso = sendAt.toISOString();
  let sent = 0;
  let afterId = 0;
  for (;;) {
    const batch = await db
      .selectFrom('digest_subscribers')
      .select(['id', 'email', 'link_secret', 'last_sent_at'])
      .where('confirmed_at', 'is not', null)
      .where('unsubscribed_at', 'is', null)
      .where((eb) => eb.or([eb('last_sent_at', 'is', null), eb('last_sent_at', '<', sendAtIso)]))
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(500)
      .execute();
    if (!batch.length) break;
    afterId = batch.at(-1)!.id;
    for (const s of batch) {
      const claimed = await db
        .updateTable('digest_subscribers')
        .set({ last_sent_at: stamp })
        .where('id', '=', s.id)
        .where('unsubscribed_at', 'is', null)
        .where((eb) => eb.or([eb('last_sent_at', 'is', null), eb('last_sent_at', '<', sendAtIso)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const unsubscribeUrl = absoluteUrl(ctx.config.publicUrl, `/digest/unsubscribe?token=${encodeURIComponent(unsubscribeToken(ctx.config.secret, s))}`);
      try {
        await ctx.mailer.send(digestMail(ctx.config.publicUrl, s.email, { pieces: shown, more, unsubscribeUrl }));
        sent += 1;
      } catch (err) {
        // Released, so an instance that takes the run over tries this one again.
        await db.updateTable('digest_subscribers').set({ last_sent_at: s.last_sent_at }).where('id', '=', s.id).where('last_sent_at', '=', stamp).execute();
        ctx.logError(err, `digest subscriber ${s.id}: the weekly digest could not be sent`);
      }
    }
  }
  await db
    .updateTable('digest_runs')
    .set((eb) => ({ finished_at: stamp, sent: eb('sent', '+', sent) }))
    .where('week', '=', week)
    .execute();
  return { week, status: 'sent', sent };
}

/** Checks hourly (first a few minutes after start) whether the week's digest is due; stops on close. */
export async function digestTimer(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  const { now } = ctx;
  let running: Promise<unknown> = Promise.resolve();
  const check = () => {
    running = running.then(() => runWeeklyDigest(ctx, now())).catch((err: unknown) => ctx.logError(err, 'the weekly digest failed'));
  };
  const first = setTimeout(check, FIRST_CHECK_AFTER_MS);
  const every = setInterval(check, CHECK_EVERY_MS);
  first.unref();
  every.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(every);
    await running;
  });
}
