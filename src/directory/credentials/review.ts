import { recordAudit } from '../../audit/log.ts';
import type { Db } from '../../db/database.ts';
import type { Mail } from '../../mail/mailer.ts';
import type { Context } from '../../web/context.ts';
import { formatDate } from '../../web/format.ts';
import { absoluteUrl } from '../../web/layout.tsx';
import type { Viewer } from '../../web/viewer.ts';
import { cleanOriginalName, removeEvidenceFiles, storeEvidence, type CheckedEvidence } from './evidence.ts';
import type { Verification } from '../types.ts';
import { currentVerification, verificationEnd } from './verification.ts';

/**
 * Evidence for credentials and the decisions on it. The member uploads and withdraws evidence for
 * their own credentials (found by user_id, never by an id they could change to another's); a site
 * admin decides any piece, as "Concord"; an association's admins decide the pieces of credentials
 * its members say it issued, as the association. A decision deletes the evidence (row and file)
 * and keeps the outcome on the credential; each is audited in its transaction and mailed after it.
 */

type Actor = Pick<Viewer, 'id' | 'email' | 'role'>;

/** Who decides: the whole site's queue, or one association's share of it. */
export type ReviewScope = { kind: 'site' } | { kind: 'association'; id: number; name: string };

export type CredentialState =
  | { kind: 'none' }
  | { kind: 'pending'; evidenceId: number; uploadedAt: string; originalName: string }
  | { kind: 'verified'; verification: Verification }
  | { kind: 'lapsed'; verifiedAt: string; verifier: string; lapsedAt: string }
  | { kind: 'declined'; at: string; reason: string };

export interface OwnCredential {
  id: number;
  title: string;
  issuer: string;
  year: number | null;
  issuerAssociation: { id: number; name: string } | null;
  state: CredentialState;
}

async function ownMediatorId(db: Db, userId: number): Promise<number | null> {
  return (await db.selectFrom('mediators').select('id').where('user_id', '=', userId).executeTakeFirst())?.id ?? null;
}

/** The member's credentials with where each stands; null without a profile. */
export async function ownCredentials(db: Db, userId: number, now: Date): Promise<OwnCredential[] | null> {
  const mediatorId = await ownMediatorId(db, userId);
  if (mediatorId === null) return null;
  const rows = await db
    .selectFrom('mediator_credentials as c')
    .leftJoin('credential_evidence as e', 'e.credential_id', 'c.id')
    .leftJoin('associations as a', 'a.id', 'c.issuer_association_id')
    .select(['c.id', 'c.title', 'c.issuer', 'c.year', 'c.verified_at', 'c.verifier_label', 'c.declined_at', 'c.decline_reason', 'a.id as association_id', 'a.name as association_name', 'e.id as evidence_id', 'e.uploaded_at', 'e.original_name'])
    .where('c.mediator_id', '=', mediatorId)
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => {
    const verification = currentVerification(r, now);
    const state: CredentialState =
      r.evidence_id !== null
        ? { kind: 'pending', evidenceId: r.evidence_id, uploadedAt: r.uploaded_at!, originalName: r.original_name! }
        : verification
          ? { kind: 'verified', verification }
          : r.verified_at && (!r.declined_at || r.declined_at < r.verified_at)
            ? { kind: 'lapsed', verifiedAt: r.verified_at, verifier: r.verifier_label, lapsedAt: verificationEnd(r.verified_at) }
            : r.declined_at
              ? { kind: 'declined', at: r.declined_at, reason: r.decline_reason }
              : { kind: 'none' };
    return {
      id: r.id,
      title: r.title,
      issuer: r.issuer,
      year: r.year,
      issuerAssociation: r.association_id !== null ? { id: r.association_id, name: r.association_name! } : null,
      state,
    };
  });
}

/** The associations the member belongs to now: the ones they may name as a credential's issuer. */
export async function ownMemberAssociations(db: Db, userId: number): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('association_members as am')
    .innerJoin('mediators as m', 'm.id', 'am.mediator_id')
    .innerJoin('associations as a', 'a.id', 'am.association_id')
    .select(['a.id', 'a.name'])
    .where('m.user_id', '=', userId)
    .where('am.state', '=', 'member')
    .orderBy('a.name')
    .execute();
}

export type SubmitOutcome = { status: 'submitted' } | { status: 'not_found' } | { status: 'not_member' } | { status: 'verified' };

/**
 * Stores evidence for one of the member's credentials, replacing any piece still waiting. A
 * credential verified less than 11 months ago needs none yet (renewal opens a month before it
 * lapses). The file is written first; if the row cannot be, the file goes again.
 */
export async function submitEvidence(
  ctx: Context,
  user: Actor,
  credentialId: number,
  issuerAssociationId: number | null,
  file: { originalName: string | undefined; checked: Extract<CheckedEvidence, { ok: true }> },
): Promise<SubmitOutcome> {
  const now = ctx.now();
  const name = await storeEvidence(ctx.config.evidenceDir, file.checked);
  let replaced: string[] = [];
  try {
    const outcome = await ctx.db.transaction().execute(async (trx): Promise<SubmitOutcome> => {
      const mediatorId = await ownMediatorId(trx, user.id);
      const credential = mediatorId === null ? undefined : await trx.selectFrom('mediator_credentials').selectAll().where('id', '=', credentialId).where('mediator_id', '=', mediatorId).executeTakeFirst();
      if (!credential || mediatorId === null) return { status: 'not_found' };
      const current = currentVerification(credential, now);
      if (current && Date.parse(current.until) - now.getTime() > 30 * 24 * 60 * 60 * 1000) return { status: 'verified' };
      if (issuerAssociationId !== null) {
        const member = await trx.selectFrom('association_members').select('state').where('association_id', '=', issuerAssociationId).where('mediator_id', '=', mediatorId).where('state', '=', 'member').executeTakeFirst();
        if (!member) return { status: 'not_member' };
      }
      replaced = (await trx.selectFrom('credential_evidence').select('file_name').where('credential_id', '=', credentialId).execute()).map((r) => r.file_name);
      await trx.deleteFrom('credential_evidence').where('credential_id', '=', credentialId).execute();
      await trx.updateTable('mediator_credentials').set({ issuer_association_id: issuerAssociationId }).where('id', '=', credentialId).execute();
      await trx
        .insertInto('credential_evidence')
        .values({ credential_id: credentialId, mediator_id: mediatorId, file_name: name, original_name: cleanOriginalName(file.originalName), media_type: file.checked.mediaType, bytes: file.checked.data.length, uploaded_at: now.toISOString() })
        .execute();
      return { status: 'submitted' };
    });
    await removeEvidenceFiles(ctx.config.evidenceDir, outcome.status === 'submitted' ? replaced : [name]);
    return outcome;
  } catch (err) {
    await removeEvidenceFiles(ctx.config.evidenceDir, [name]);
    throw err;
  }
}

/** The member takes back evidence still waiting; false when there was none. */
export async function withdrawEvidence(ctx: Context, userId: number, credentialId: number): Promise<boolean> {
  const files = await ctx.db.transaction().execute(async (trx) => {
    const mediatorId = await ownMediatorId(trx, userId);
    if (mediatorId === null) return [];
    const rows = await trx.selectFrom('credential_evidence').select(['id', 'file_name']).where('credential_id', '=', credentialId).where('mediator_id', '=', mediatorId).execute();
    if (rows.length) await trx.deleteFrom('credential_evidence').where('id', 'in', rows.map((r) => r.id)).execute();
    return rows.map((r) => r.file_name);
  });
  await removeEvidenceFiles(ctx.config.evidenceDir, files);
  return files.length > 0;
}

export interface QueueItem {
  evidenceId: number;
  credentialId: number;
  title: string;
  issuer: string;
  year: number | null;
  mediator: { id: number; name: string; slug: string };
  issuerAssociation: string | null;
  originalName: string;
  mediaType: string;
  bytes: number;
  uploadedAt: string;
}

function queueQuery(db: Db, scope: ReviewScope) {
  let q = db
    .selectFrom('credential_evidence as e')
    .innerJoin('mediator_credentials as c', 'c.id', 'e.credential_id')
    .innerJoin('mediators as m', 'm.id', 'e.mediator_id')
    .leftJoin('associations as a', 'a.id', 'c.issuer_association_id');
  if (scope.kind === 'association') {
    // Only credentials its members say it issued, and only while they are its members.
    q = q
      .innerJoin('association_members as am', (j) => j.onRef('am.mediator_id', '=', 'm.id').onRef('am.association_id', '=', 'c.issuer_association_id'))
      .where('c.issuer_association_id', '=', scope.id)
      .where('am.state', '=', 'member');
  }
  return q;
}

/** Evidence waiting for a decision, oldest first. */
export async function reviewQueue(db: Db, scope: ReviewScope): Promise<QueueItem[]> {
  const rows = await queueQuery(db, scope)
    .select(['e.id', 'e.credential_id', 'e.original_name', 'e.media_type', 'e.bytes', 'e.uploaded_at', 'c.title', 'c.issuer', 'c.year', 'm.id as mediator_id', 'm.name', 'm.slug', 'a.name as association_name'])
    .orderBy('e.uploaded_at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    evidenceId: r.id,
    credentialId: r.credential_id,
    title: r.title,
    issuer: r.issuer,
    year: r.year,
    mediator: { id: r.mediator_id, name: r.name, slug: r.slug },
    issuerAssociation: r.association_name,
    originalName: r.original_name,
    mediaType: r.media_type,
    bytes: r.bytes,
    uploadedAt: r.uploaded_at,
  }));
}

export async function countReviewQueue(db: Db, scope: ReviewScope = { kind: 'site' }): Promise<number> {
  const row = await queueQuery(db, scope).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export type Decision = 'verify' | 'decline';
export type DecideOutcome = { status: 'done' } | { status: 'not_found' };

/**
 * Verifies or declines the credential a piece of evidence is for. The evidence row is deleted
 * first, and only a deletion of exactly it counts, so two admins deciding at once, or a decision
 * posted again from an old page, find nothing to decide (not_found: it was decided or withdrawn).
 */
export async function decideEvidence(ctx: Context, actor: Actor, scope: ReviewScope, evidenceId: number, decision: Decision, note: string): Promise<DecideOutcome> {
  const now = ctx.now();
  const at = now.toISOString();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const item = await queueQuery(trx, scope)
      .leftJoin('users as u', 'u.id', 'm.user_id')
      .select(['e.id', 'e.file_name', 'c.id as credential_id', 'c.title', 'c.verified_at', 'c.verifier_label', 'c.declined_at', 'c.decline_reason', 'm.name', 'u.email'])
      .where('e.id', '=', evidenceId)
      .executeTakeFirst();
    if (!item) return null;
    const deleted = await trx.deleteFrom('credential_evidence').where('id', '=', evidenceId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) return null;
    const verifier = scope.kind === 'site' ? 'Concord' : scope.name;
    const before = { verified_at: item.verified_at, verifier: item.verifier_label || null, declined_at: item.declined_at, decline_reason: item.decline_reason || null };
    if (decision === 'verify') {
      await trx
        .updateTable('mediator_credentials')
        .set({ verified_at: at, verified_by_user_id: actor.id, verifier_label: verifier, verifying_association_id: scope.kind === 'association' ? scope.id : null, declined_at: null, decline_reason: '' })
        .where('id', '=', item.credential_id)
        .execute();
    } else {
      // A verification still running stands: declining new evidence does not undo what was seen before.
      await trx.updateTable('mediator_credentials').set({ declined_at: at, decline_reason: note }).where('id', '=', item.credential_id).execute();
    }
    const after = decision === 'verify' ? { verified_at: at, verifier, declined_at: null, decline_reason: null } : { ...before, declined_at: at, decline_reason: note };
    await recordAudit(
      trx,
      {
        actor,
        action: decision === 'verify' ? 'credential.verified' : 'credential.declined',
        subject: { kind: 'credential', id: item.credential_id, label: `${item.title} (${item.name})` },
        before,
        after,
        reason: note || null,
        associationId: scope.kind === 'association' ? scope.id : null,
      },
      now,
    );
    return { file: item.file_name, mail: item.email ? decisionMail(ctx.config.publicUrl, item.email, item.title, decision, verifier, at, note) : null };
  });
  if (!result) return { status: 'not_found' };
  await removeEvidenceFiles(ctx.config.evidenceDir, [result.file]);
  if (result.mail) {
    try {
      await ctx.mailer.send(result.mail);
    } catch (err) {
      ctx.logError(err, `the "${result.mail.subject}" mail could not be sent`);
    }
  }
  return { status: 'done' };
}

function decisionMail(publicUrl: string, to: string, title: string, decision: Decision, verifier: string, at: string, note: string): Mail {
  const link = absoluteUrl(publicUrl, '/dashboard/credentials');
  return decision === 'verify'
    ? {
        to,
        subject: `Your credential “${title}” is verified`,
        text:
          `${verifier} looked at the evidence you sent for “${title}” and verified it on ${formatDate(at)}. Your profile shows it as verified until ${formatDate(verificationEnd(at))}; send new evidence before then to keep it.` +
          (note ? `\n\nTheir note:\n\n${note}` : '') +
          `\n\nThe evidence file has been deleted.\n\nYour credentials: ${link}\n\n— Concord\n`,
      }
    : {
        to,
        subject: `Your credential “${title}” could not be verified`,
        text: `${verifier} looked at the evidence you sent for “${title}” and could not verify it. Their reason:\n\n${note}\n\nThe evidence file has been deleted. You can send other evidence from your dashboard: ${link}\n\n— Concord\n`,
      };
}

/** The evidence file a viewer may read: its member's, any site admin's, the issuing association's admins'. Else null (a 404: never confirm it exists). */
export async function evidenceForViewer(db: Db, viewer: Actor, evidenceId: number): Promise<{ fileName: string; mediaType: string; originalName: string } | null> {
  const row = await db
    .selectFrom('credential_evidence as e')
    .innerJoin('mediator_credentials as c', 'c.id', 'e.credential_id')
    .innerJoin('mediators as m', 'm.id', 'e.mediator_id')
    .select(['e.file_name', 'e.media_type', 'e.original_name', 'm.user_id', 'm.id as mediator_id', 'c.issuer_association_id'])
    .where('e.id', '=', evidenceId)
    .executeTakeFirst();
  if (!row) return null;
  const found = { fileName: row.file_name, mediaType: row.media_type, originalName: row.original_name };
  if (viewer.role === 'admin' || row.user_id === viewer.id) return found;
  if (row.issuer_association_id === null) return null;
  const runs = await db
    .selectFrom('association_admins as aa')
    .innerJoin('association_members as am', (j) => j.onRef('am.association_id', '=', 'aa.association_id').on('am.mediator_id', '=', row.mediator_id).on('am.state', '=', 'member'))
    .select('aa.user_id')
    .where('aa.association_id', '=', row.issuer_association_id)
    .where('aa.user_id', '=', viewer.id)
    .executeTakeFirst();
  return runs ? found : null;
}

/**
 * When a mediator leaves an association (or is removed): evidence waiting that names it as the
 * issuer is deleted (its admins may no longer see it), and the credential no longer names it.
 * A verification it made stays until it lapses: it says what was seen on that day, which leaving
 * does not change. Returns the files to delete once the caller's transaction commits.
 */
export async function releaseIssuer(trx: Db, associationId: number, mediatorId: number): Promise<string[]> {
  const credentials = trx.selectFrom('mediator_credentials').select('id').where('mediator_id', '=', mediatorId).where('issuer_association_id', '=', associationId);
  const files = (await trx.selectFrom('credential_evidence').select('file_name').where('credential_id', 'in', credentials).execute()).map((r) => r.file_name);
  await trx.deleteFrom('credential_evidence').where('credential_id', 'in', credentials).execute();
  await trx.updateTable('mediator_credentials').set({ issuer_association_id: null }).where('mediator_id', '=', mediatorId).where('issuer_association_id', '=', associationId).execute();
  return files;
}

/** Every evidence file of a mediator, before the profile is deleted (the rows cascade, the files must be removed). */
export async function evidenceFilesOf(trx: Db, mediatorId: number): Promise<string[]> {
  return (await trx.selectFrom('credential_evidence').select('file_name').where('mediator_id', '=', mediatorId).execute()).map((r) => r.file_name);
}
