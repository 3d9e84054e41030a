/**
 * Demo verified credentials, so a first start shows every state of "Verified": for each demo
 * association, the first credential of its first two members (by id) verified by it; the first
 * credential of four other published mediators verified by Concord; one whose verification lapsed
 * (verified 400 days ago); and one waiting for review with a small generated PDF as its evidence
 * (under the evidence folder, like an upload). Deterministic: mediators are taken in id order.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A one-page PDF that says what it is, as plain text the viewer shows. */
function demoPdf(title: string): Buffer {
  const text = `Demo evidence for ${title.replace(/[()\\]/g, '')}`;
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export async function seedDemoCredentials(db: Db, opts: { now: Date; evidenceDir?: string | undefined }): Promise<number> {
  const ago = (days: number) => new Date(opts.now.getTime() - days * DAY_MS).toISOString();
  const firstCredential = async (mediatorId: number) =>
    db.selectFrom('mediator_credentials').select(['id', 'title']).where('mediator_id', '=', mediatorId).orderBy('position').orderBy('id').executeTakeFirst();
  const used = new Set<number>();
  let made = 0;

  const associations = await db.selectFrom('associations').select(['id', 'name']).orderBy('id').execute();
  for (const [i, a] of associations.entries()) {
    const members = await db.selectFrom('association_members').select('mediator_id').where('association_id', '=', a.id).where('state', '=', 'member').orderBy('mediator_id').execute();
    // The first two members (by id) that list a credential.
    let k = 0;
    for (const { mediator_id } of members) {
      if (k === 2) break;
      if (used.has(mediator_id)) continue;
      const c = await firstCredential(mediator_id);
      if (!c) continue;
      used.add(mediator_id);
      await db
        .updateTable('mediator_credentials')
        .set({ issuer_association_id: a.id, verified_at: ago(20 + 30 * i + 7 * k), verifier_label: a.name, verifying_association_id: a.id })
        .where('id', '=', c.id)
        .execute();
      k++;
      made++;
    }
  }

  const others = (await db.selectFrom('mediators').select('id').where('status', '=', 'published').orderBy('id').limit(40).execute()).map((m) => m.id).filter((id) => !used.has(id));
  // Four by Concord, one lapsed, one waiting for review: the next six that list a credential.
  let k = -1;
  for (const mediatorId of others) {
    const c = await firstCredential(mediatorId);
    if (!c) continue;
    if (++k === 6) break;
    if (k < 4) {
      await db.updateTable('mediator_credentials').set({ verified_at: ago(10 + 45 * k), verifier_label: 'Concord' }).where('id', '=', c.id).execute();
    } else if (k === 4) {
      await db.updateTable('mediator_credentials').set({ verified_at: ago(400), verifier_label: 'Concord' }).where('id', '=', c.id).execute();
    } else if (opts.evidenceDir) {
      const data = demoPdf(c.title);
      await fs.mkdir(opts.evidenceDir, { recursive: true });
      // A name from the credential's id: the same file on every engine, and random enough for a demo.
      const name = `${crypto.createHash('sha256').update(`demo-evidence-${c.id}`).digest('hex').slice(0, 32)}.pdf`;
      await fs.writeFile(path.join(opts.evidenceDir, name), data, { mode: 0o600 });
      await db.insertInto('credential_evidence').values({ credential_id: c.id, mediator_id: mediatorId, file_name: name, original_name: 'evidence.pdf', media_type: 'application/pdf', bytes: data.length, uploaded_at: ago(2) }).execute();
    }
    made++;
  }
  return made;
}
