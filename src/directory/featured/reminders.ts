import type { FastifyInstance } from 'fastify';
import type { Mail } from '../../mail/mailer.ts';
import type { Context } from '../../web/context.ts';
import { formatDate } from '../../web/format.ts';
import { absoluteUrl } from '../../web/layout.tsx';
import { repeatWhileOpen } from '../../web/periodic.ts';
import { regionLabel, regionOfRow } from './regions.ts';

/**
 * The member is told before their featured place ends: 14 days before, and 3 days before. Each
 * reminder is claimed with a row in `featured_grant_reminders` (its primary key: the grant and
 * the days) before its mail goes out, so instances sweeping together send it once; a mail that
 * could not be sent gives its claim back for the next sweep. A grant given with less time left
 * than a reminder's days gets only the nearer one. Members without an account (demo profiles)
 * have no one to tell.
 */
export const REMIND_DAYS_BEFORE = [14, 3] as const;
export const REMINDER_SWEEP_MS = 60 * 60 * 1000;
const FIRST_SWEEP_AFTER_MS = 5 * 60 * 1000;
const DAY_MS = 86_400_000;

export const grantEndingMail = (publicUrl: string, to: string, name: string, region: string, endsAt: string, days: number): Mail => ({
  to,
  subject: `Your featured place on Concord ends in ${days} days`,
  text:
    `Your featured place on Concord (${name}, in ${region}) ends on ${formatDate(new Date(Date.parse(endsAt) - 1).toISOString())}, ${days} days from now. ` +
    `After that your profile stays listed as before, without the featured places.\n\n` +
    `Your dashboard shows how often you were featured: ${absoluteUrl(publicUrl, '/dashboard')}\n\n` +
    `To keep it, write to the people who run this site before then.\n\n— Concord\n`,
});

/** One pass; returns the ids of the grants whose member was mailed. */
export async function sweepGrantReminders(ctx: Context, now: Date): Promise<number[]> {
  const { db, mailer, config, logError } = ctx;
  const at = now.toISOString();
  const within = new Date(now.getTime() + Math.max(...REMIND_DAYS_BEFORE) * DAY_MS).toISOString();
  const grants = await db
    .selectFrom('featured_grants as g')
    .innerJoin('mediators as m', 'm.id', 'g.mediator_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('featured_grant_reminders as r', (j) => j.onRef('r.grant_id', '=', 'g.id'))
    .select(['g.id', 'g.ends_at', 'g.region_kind', 'g.country', 'g.region', 'g.metro_name', 'g.metro_lat', 'g.metro_lon', 'm.name', 'u.email'])
    .select((eb) => eb.fn.min('r.days_before').as('reminded'))
    .where('g.ends_at', '>', at)
    .where('g.ends_at', '<=', within)
    .groupBy(['g.id', 'g.ends_at', 'g.region_kind', 'g.country', 'g.region', 'g.metro_name', 'g.metro_lat', 'g.metro_lon', 'm.name', 'u.email'])
    .orderBy('g.id')
    .execute();
  const mailed: number[] = [];
  for (const g of grants) {
    const left = Date.parse(g.ends_at) - now.getTime();
    const due = REMIND_DAYS_BEFORE.filter((d) => left <= d * DAY_MS && (g.reminded === null || d < Number(g.reminded)));
    if (!due.length) continue;
    // The nearest reminder is the one sent; any earlier one that was missed is claimed with it.
    const days = Math.min(...due);
    const claim = (d: number) =>
      db.insertInto('featured_grant_reminders').values({ grant_id: g.id, days_before: d, sent_at: at }).onConflict((oc) => oc.columns(['grant_id', 'days_before']).doNothing()).executeTakeFirst();
    // Claimed by another instance first: the mail is theirs to send.
    if (Number((await claim(days)).numInsertedOrUpdatedRows ?? 0) !== 1) continue;
    for (const d of due) if (d !== days) await claim(d);
    try {
      await mailer.send(grantEndingMail(config.publicUrl, g.email, g.name, regionLabel(regionOfRow(g)), g.ends_at, Math.ceil(left / DAY_MS)));
      mailed.push(g.id);
    } catch (err) {
      await db.deleteFrom('featured_grant_reminders').where('grant_id', '=', g.id).where('days_before', '=', days).execute();
      logError(err, `featured grant ${g.id}: the reminder could not be sent`);
    }
  }
  return mailed;
}

/** Sweeps every hour (first a few minutes after start); stops on close. */
export async function grantReminderTimer(app: FastifyInstance): Promise<void> {
  const ctx = app.deps;
  repeatWhileOpen(app, { everyMs: REMINDER_SWEEP_MS, firstAfterMs: FIRST_SWEEP_AFTER_MS, what: 'the featured reminder sweep' }, () => sweepGrantReminders(ctx, ctx.now()));
}
