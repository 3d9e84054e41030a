import type { FastifyInstance } from 'fastify';
import type { Mail } from '../../mail/mailer.ts';
import type { Context } from '../../web/context.ts';
import { formatDate } from '../../web/format.ts';
import { absoluteUrl } from '../../web/layout.tsx';
import { repeatWhileOpen } from '../../web/periodic.ts';
import { VERIFICATION_DAYS, verificationEnd } from './verification.ts';

/**
 * A mail 30 days before a verification lapses, so the member can send new evidence in time (the
 * lapse itself needs no sweep: readers compare the date). Each is claimed by a conditional update
 * of `lapse_reminded_at` before it goes out, so instances sweeping together send it once; a mail
 * that could not be sent gives the claim back. Evidence already waiting needs no reminder, nor do
 * profiles without an account (demo profiles).
 */
export const LAPSE_REMINDER_DAYS = 30;
const SWEEP_MS = 60 * 60 * 1000;
const FIRST_SWEEP_AFTER_MS = 5 * 60 * 1000;
const DAY_MS = 86_400_000;

export const lapseMail = (publicUrl: string, to: string, title: string, verifier: string, verifiedAt: string): Mail => ({
  to,
  subject: `Your verified credential “${title}” lapses on ${formatDate(verificationEnd(verifiedAt))}`,
  text:
    `${verifier} verified your credential “${title}” on ${formatDate(verifiedAt)}. A verification counts for a year, so “Verified” leaves your profile on ${formatDate(verificationEnd(verifiedAt))}.\n\n` +
    `To keep it, send new evidence before then: ${absoluteUrl(publicUrl, '/dashboard/credentials')}\n\n— Concord\n`,
});

/** One pass; returns the ids of the credentials whose member was mailed. */
export async function sweepLapseReminders(ctx: Context, now: Date): Promise<number[]> {
  const { db, mailer, config, logError } = ctx;
  const at = now.toISOString();
  // Verified between a year ago (still counting) and 335 days ago (lapsing within 30 days).
  const oldest = new Date(now.getTime() - VERIFICATION_DAYS * DAY_MS).toISOString();
  const newest = new Date(now.getTime() - (VERIFICATION_DAYS - LAPSE_REMINDER_DAYS) * DAY_MS).toISOString();
  const due = await db
    .selectFrom('mediator_credentials as c')
    .innerJoin('mediators as m', 'm.id', 'c.mediator_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('credential_evidence as e', 'e.credential_id', 'c.id')
    .select(['c.id', 'c.title', 'c.verified_at', 'c.verifier_label', 'c.lapse_reminded_at', 'u.email'])
    .where('c.verified_at', '>', oldest)
    .where('c.verified_at', '<=', newest)
    .where((eb) => eb.or([eb('c.lapse_reminded_at', 'is', null), eb('c.lapse_reminded_at', '<', eb.ref('c.verified_at'))]))
    .where('e.id', 'is', null)
    .orderBy('c.id')
    .execute();
  const mailed: number[] = [];
  for (const c of due) {
    const claimed = await db
      .updateTable('mediator_credentials')
      .set({ lapse_reminded_at: at })
      .where('id', '=', c.id)
      .where('verified_at', '=', c.verified_at)
      .where((eb) => eb.or([eb('lapse_reminded_at', 'is', null), eb('lapse_reminded_at', '<', eb.ref('verified_at'))]))
      .executeTakeFirst();
    // Claimed by another instance first: the mail is theirs to send.
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    try {
      await mailer.send(lapseMail(config.publicUrl, c.email, c.title, c.verifier_label, c.verified_at!));
      mailed.push(c.id);
    } catch (err) {
      await db.updateTable('mediator_credentials').set({ lapse_reminded_at: c.lapse_reminded_at }).where('id', '=', c.id).where('lapse_reminded_at', '=', at).execute();
      logError(err, `credential ${c.id}: the lapse reminder could not be sent`);
    }
  }
  return mailed;
}

/** Sweeps every hour (first a few minutes after start); stops on close. */
export async function lapseReminderTimer(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  repeatWhileOpen(app, { everyMs: SWEEP_MS, firstAfterMs: FIRST_SWEEP_AFTER_MS, what: 'the credential lapse reminder sweep' }, () => sweepLapseReminders(ctx, ctx.now()));
}
