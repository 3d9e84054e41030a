import { evidenceFilesOf } from '../directory/credentials/review.ts';
import type { Db } from '../db/database.ts';
import { textSearchFor } from '../directory/text-search.ts';
import { attemptWait, clearAttempts, recordAttempt } from '../accounts/attempts.ts';
import { verifyPassword } from '../accounts/secrets.ts';
import { findUserById } from '../accounts/users.ts';
import type { Viewer } from '../web/viewer.ts';
import type { DbContext } from '../web/context.ts';

/**
 * Everything Concord holds on a member, for "Download my data". Secrets are left out: the
 * password hash, and the hashes that stand for session cookies and mailed links.
 *
 * New tables that hold a member's data add themselves here (inquiries, when they land: the
 * messages sent to the member's profile), so the export stays complete.
 */
export async function exportMemberData(db: Db, userId: number, now: Date) {
  const user = await findUserById(db, userId);
  if (!user) return null;
  const [sessions, links, mediator, digest] = await Promise.all([
    db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at', 'user_agent']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('user_tokens').select(['purpose', 'new_email', 'created_at', 'expires_at', 'used_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('mediators').selectAll().where('user_id', '=', userId).executeTakeFirst(),
    // The weekly digest at their account's address (or subscribed while signed in).
    db
      .selectFrom('digest_subscribers')
      .select(['email', 'created_at', 'confirmed_at', 'unsubscribed_at', 'last_sent_at'])
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('email', '=', user.email)]))
      .orderBy('id')
      .execute(),
  ]);
  let profile: object | null = null;
  let inquiries: object[] = [];
  if (mediator) {
    // Inquiries to their profile and the replies they sent: the member's correspondence.
    const received = await db.selectFrom('inquiries').selectAll().where('mediator_id', '=', mediator.id).orderBy('id').execute();
    const replies = received.length
      ? await db.selectFrom('inquiry_replies').selectAll().where('inquiry_id', 'in', received.map((i) => i.id)).orderBy('id').execute()
      : [];
    inquiries = received.map((i) => ({ ...i, replies: replies.filter((r) => r.inquiry_id === i.id).map(({ message, created_at }) => ({ message, created_at })) }));
    const id = mediator.id;
    const [practiceAreas, languages, credentials, offices, serviceAreas] = await Promise.all([
      db.selectFrom('mediator_practice_areas').select('practice_area').where('mediator_id', '=', id).execute(),
      db.selectFrom('mediator_languages').select('language').where('mediator_id', '=', id).orderBy('language').execute(),
      db.selectFrom('mediator_credentials').select(['title', 'issuer', 'year', 'verified_at', 'verifier_label', 'declined_at', 'decline_reason']).where('mediator_id', '=', id).orderBy('position').orderBy('id').execute(),
      db.selectFrom('offices').select(['label', 'address', 'city', 'region', 'postal_code', 'country', 'lat', 'lon']).where('mediator_id', '=', id).orderBy('id').execute(),
      db.selectFrom('service_areas').select(['kind', 'country', 'region']).where('mediator_id', '=', id).orderBy('id').execute(),
    ]);
    // Internal search columns (search_vector on PostgreSQL, the grid cell) are not the member's data,
    // and the secret their mailed links are signed with is left out like the other secrets.
    const { search_vector: _sv, user_id: _uid, link_secret: _ls, ...columns } = mediator as typeof mediator & { search_vector?: unknown };
    profile = {
      ...columns,
      practice_areas: practiceAreas.map((p) => p.practice_area),
      languages: languages.map((l) => l.language),
      credentials,
      offices,
      service_areas: serviceAreas,
    };
  }
  return {
    exported_at: now.toISOString(),
    account: { id: user.id, email: user.email, role: user.role, email_verified_at: user.email_verified_at, created_at: user.created_at },
    sessions,
    mailed_links: links,
    profile,
    inquiries,
    digest_subscriptions: digest,
  };
}

export type DeleteOutcome = { status: 'deleted'; photoUrl: string | null; evidenceFiles: string[] } | { status: 'wrong_password' } | { status: 'limited'; waitSeconds: number };

/**
 * Deletes the account and its profile, after the password is checked (counted like a log-in).
 * The profile goes first (its rows cascade; the keyword index is cleared by hand, as SQLite's FTS
 * table has no foreign key), then the user, whose sessions and links cascade. The caller removes
 * the photo files once the transaction has committed.
 */
export async function deleteAccount({ db, engine }: DbContext, viewer: Viewer, password: string, address: string, now: Date): Promise<DeleteOutcome> {
  const who = { email: viewer.email, address };
  const waitSeconds = await attemptWait(db, 'login', who, now);
  if (waitSeconds > 0) return { status: 'limited', waitSeconds };
  const user = await findUserById(db, viewer.id);
  if (!user || !(await verifyPassword(user.password_hash, password))) {
    await recordAttempt(db, 'login', who, now);
    return { status: 'wrong_password' };
  }
  let evidenceFiles: string[] = [];
  const photoUrl = await db.transaction().execute(async (trx) => {
    const mediator = await trx.selectFrom('mediators').select(['id', 'photo_url']).where('user_id', '=', viewer.id).executeTakeFirst();
    if (mediator) {
      // Their rows cascade with the profile; the files are the caller's to delete after the commit.
      evidenceFiles = await evidenceFilesOf(trx, mediator.id);
      // The replies are the member's own words; the inquiries themselves are the senders' and stay,
      // unlinked (their mediator_id is set to null by the foreign key).
      const received = trx.selectFrom('inquiries').select('id').where('mediator_id', '=', mediator.id);
      await trx.deleteFrom('inquiry_replies').where('inquiry_id', 'in', received).execute();
      await textSearchFor(engine).remove(trx, [mediator.id]);
      await trx.deleteFrom('mediators').where('id', '=', mediator.id).execute();
    }
    // Their digest subscription goes too: the address is theirs, and nothing else needs it.
    await trx
      .deleteFrom('digest_subscribers')
      .where((eb) => eb.or([eb('user_id', '=', viewer.id), eb('email', '=', viewer.email)]))
      .execute();
    await trx.deleteFrom('users').where('id', '=', viewer.id).execute();
    return mediator?.photo_url ?? null;
  });
  await clearAttempts(db, 'login', who);
  return { status: 'deleted', photoUrl, evidenceFiles };
}
