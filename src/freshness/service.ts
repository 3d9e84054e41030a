import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { STALE_DAYS } from '../directory/ranking.ts';
import type { Context } from '../web/context.ts';
import { parseRowLink } from '../lib/signing.ts';
import { confirmLinkStatus, confirmToken } from './links.ts';
import { reminderMail, unlistedMail } from './mails.ts';

/**
 * Fresh listings. "Accepting new cases" is a member's statement with the date they last confirmed
 * it. After STALE_DAYS the profile already says "not confirmed since …" and ranks lower; the sweep
 * then mails the member one reminder with a one-click link, and after UNLIST_DAYS unlists the
 * profile (status 'draft', `unlisted_stale_at` set) until they confirm. Only profiles with an
 * owner account are swept: demo profiles have no one to remind.
 */
export const REMIND_DAYS = STALE_DAYS;
export const UNLIST_DAYS = 180;
/** How often the server sweeps, and how long after starting it sweeps first. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;
export const FIRST_SWEEP_AFTER_MS = 5 * 60 * 1000;

const DAY_MS = 86_400_000;

export interface SweepResult {
  reminded: number[];
  unlisted: number[];
}

/**
 * One pass. Safe to run on several instances at once: each profile is claimed with a conditional
 * update before its mail is sent, so a reminder goes out once.
 */
export async function sweepFreshness(ctx: Context, now: Date): Promise<SweepResult> {
  const { db, mailer, config, logError } = ctx;
  const at = now.toISOString();
  const unlistBefore = new Date(now.getTime() - UNLIST_DAYS * DAY_MS).toISOString();
  const remindBefore = new Date(now.getTime() - REMIND_DAYS * DAY_MS).toISOString();
  const result: SweepResult = { reminded: [], unlisted: [] };

  // A profile that was never confirmed counts from when it was created.
  const candidates = (before: string) =>
    db
      .selectFrom('mediators')
      .innerJoin('users', 'users.id', 'mediators.user_id')
      .select((eb) => ['mediators.id', 'mediators.link_secret', 'mediators.name', 'users.email', eb.fn.coalesce('mediators.accepting_confirmed_at', 'mediators.created_at').as('confirmed')])
      .where('mediators.status', '=', 'published')
      .where('mediators.accepting_cases', '=', 1)
      .where((eb) => eb(eb.fn.coalesce('mediators.accepting_confirmed_at', 'mediators.created_at'), '<', before));

  for (const m of await candidates(unlistBefore).orderBy('mediators.id').execute()) {
    const claimed = await db
      .updateTable('mediators')
      .set({ status: 'draft', unlisted_stale_at: at })
      .where('id', '=', m.id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    result.unlisted.push(m.id);
    try {
      await mailer.send(unlistedMail(config.publicUrl, m.email, m.name, m.confirmed, confirmToken(config.secret, m, now)));
    } catch (err) {
      // Still unlisted: the member can confirm from their dashboard.
      logError(err, `mediator ${m.id}: the unlisting notice could not be sent`);
    }
  }

  const due = await candidates(remindBefore)
    .select('mediators.freshness_reminded_at')
    .where((eb) => eb.or([eb('mediators.freshness_reminded_at', 'is', null), eb('mediators.freshness_reminded_at', '<', eb.fn.coalesce('mediators.accepting_confirmed_at', 'mediators.created_at'))]))
    .orderBy('mediators.id')
    .execute();
  for (const m of due) {
    const claimed = await db
      .updateTable('mediators')
      .set({ freshness_reminded_at: at })
      .where('id', '=', m.id)
      .where((eb) => (m.freshness_reminded_at === null ? eb('freshness_reminded_at', 'is', null) : eb('freshness_reminded_at', '=', m.freshness_reminded_at)))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const unlistOn = new Date(Date.parse(m.confirmed) + UNLIST_DAYS * DAY_MS).toISOString();
    try {
      await mailer.send(reminderMail(config.publicUrl, m.email, m.name, m.confirmed, unlistOn, confirmToken(config.secret, m, now)));
      result.reminded.push(m.id);
    } catch (err) {
      // Not sent: release the claim so the next sweep tries again.
      await db.updateTable('mediators').set({ freshness_reminded_at: m.freshness_reminded_at }).where('id', '=', m.id).where('freshness_reminded_at', '=', at).execute();
      logError(err, `mediator ${m.id}: the freshness reminder could not be sent`);
    }
  }
  return result;
}

export type LinkState =
  | { status: 'ok'; mediatorId: number; name: string; slug: string; unlisted: boolean; issuedAt: Date }
  | { status: 'used'; name: string; slug: string; confirmedAt: string; listed: boolean }
  | { status: 'expired' | 'invalid' };

/** What a confirmation link is now, without using it (for the page it opens). */
export async function checkConfirmLink(db: Db, secret: string, token: unknown, now: Date): Promise<LinkState> {
  const link = parseRowLink(token);
  const row =
    link &&
    (await db
      .selectFrom('mediators')
      .select(['id', 'link_secret', 'name', 'slug', 'status', 'unlisted_stale_at', 'accepting_confirmed_at', 'created_at'])
      .where('id', '=', link.id)
      .executeTakeFirst());
  if (!link?.issuedAt || !row) return { status: 'invalid' };
  const status = confirmLinkStatus(secret, link, row, now);
  if (status !== 'ok') return { status };
  const confirmed = row.accepting_confirmed_at ?? row.created_at;
  if (confirmed >= link.issuedAt.toISOString()) return { status: 'used', name: row.name, slug: row.slug, confirmedAt: confirmed, listed: row.status === 'published' };
  return { status: 'ok', mediatorId: row.id, name: row.name, slug: row.slug, unlisted: row.unlisted_stale_at !== null, issuedAt: link.issuedAt };
}

/** Runs the sweep every hour (first a few minutes after start, off the start-up path); stops on close. */
export async function freshnessTimer(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running
      .then(() => sweepFreshness(ctx, ctx.now()))
      .catch((err: unknown) => ctx.logError(err, 'the freshness sweep failed'));
  };
  const first = setTimeout(sweep, FIRST_SWEEP_AFTER_MS);
  const every = setInterval(sweep, SWEEP_EVERY_MS);
  first.unref();
  every.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(every);
    await running;
  });
}
