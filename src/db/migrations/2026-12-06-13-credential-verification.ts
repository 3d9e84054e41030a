import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * Verified credentials. A credential's verification lives on its row (`verified_at`, who and for
 * whom), so a profile save that leaves the credential as it was keeps it, and one that changes or
 * removes the credential drops it with the row. `position` keeps the member's order now that saves
 * no longer re-insert every credential. `issuer_association_id` is the association the member says
 * issued it (one they are a member of), whose admins may then see the evidence and verify it.
 *
 * `credential_evidence` holds only evidence waiting for a decision: a decision deletes the row and
 * its file (the decision stays on the credential), so no evidence outlives its purpose. One piece
 * per credential; the file lives under DATA_DIR/evidence with a random name. Ids are never reused
 * (AUTOINCREMENT, serial), so a decision posted for a withdrawn piece cannot reach a later one.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? sql`id serial PRIMARY KEY` : sql`id integer PRIMARY KEY AUTOINCREMENT`;
  for (const column of [
    sql`position integer NOT NULL DEFAULT 0`,
    sql`issuer_association_id integer REFERENCES associations (id) ON DELETE SET NULL`,
    sql`verified_at text`,
    sql`verified_by_user_id integer REFERENCES users (id) ON DELETE SET NULL`,
    sql`verifier_label text NOT NULL DEFAULT ''`,
    sql`verifying_association_id integer REFERENCES associations (id) ON DELETE SET NULL`,
    sql`declined_at text`,
    sql`decline_reason text NOT NULL DEFAULT ''`,
    // The "lapses in 30 days" mail, claimed by setting it (later than verified_at: sent for this verification).
    sql`lapse_reminded_at text`,
  ]) {
    await sql`ALTER TABLE mediator_credentials ADD COLUMN ${column}`.execute(db);
  }
  await sql`UPDATE mediator_credentials SET position = id`.execute(db);

  await sql`CREATE TABLE credential_evidence (
    ${id},
    credential_id integer NOT NULL UNIQUE REFERENCES mediator_credentials (id) ON DELETE CASCADE,
    mediator_id integer NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    file_name text NOT NULL UNIQUE,
    original_name text NOT NULL,
    media_type text NOT NULL,
    bytes integer NOT NULL,
    uploaded_at text NOT NULL
  )`.execute(db);
  await db.schema.createIndex('credential_evidence_by_mediator').on('credential_evidence').column('mediator_id').execute();
  await db.schema.createIndex('credential_evidence_by_upload').on('credential_evidence').column('uploaded_at').execute();
}
