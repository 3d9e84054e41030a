import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { fileMailer } from '../../mail/mailer.ts';
import type { Context } from '../../web/context.ts';
import { createTestDatabase, DIALECTS, runId, TMP_DIR, type TestDatabase } from '../../../test/support/db.ts';
import { readMails } from '../../../test/support/mail.ts';
import { TEST_NOW } from '../../../test/support/server.ts';
import { runImportCommand, UsageError } from './cli.ts';
import { describeOutcome, NOT_UTF8_HINT } from './report.ts';

const HEADER = 'name,email,address,city,region,postal_code,country,headline,bio,practice_areas,languages,formats';
const row = (name: string, email: string, postal = '78701', extra: Partial<Record<'headline' | 'bio' | 'city', string>> = {}) =>
  [name, email, '100 Congress Ave', extra.city ?? 'Austin', 'TX', postal, 'US', extra.headline ?? 'Family mediation', extra.bio ?? '', 'family', 'en;es', 'in_person;online']
    .map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
    .join(',');

/** A stderr that is not a terminal: the progress bar must stay silent on it. */
const pipe = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;

describe.each(DIALECTS)('npm run import on %s', (engine) => {
  let t: TestDatabase;
  let ctx: Context;
  let mailDir: string;
  const files: string[] = [];
  const file = (content: string | Buffer) => {
    const f = path.join(TMP_DIR, `import-${runId()}-${crypto.randomBytes(5).toString('hex')}.csv`);
    fs.writeFileSync(f, content);
    files.push(f);
    return f;
  };
  const run = (content: string | Buffer, ...flags: string[]) => runImportCommand(ctx, [file(content), ...flags], pipe);
  const count = async () => Number((await t.db.selectFrom('mediators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    mailDir = path.join(TMP_DIR, `mail-import-${runId()}-${crypto.randomBytes(5).toString('hex')}`);
    const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp' }), engine, publicUrl: 'http://concord.test' };
    ctx = { db: t.db, engine, config, now: () => TEST_NOW, mailer: fileMailer(mailDir, 'Concord <no-reply@concord.test>'), logError: (err) => { throw err; } };
  });
  afterAll(async () => {
    await t.drop();
    for (const f of files) fs.rmSync(f, { force: true });
    fs.rmSync(mailDir, { recursive: true, force: true });
  });

  it('imports good rows unlisted, keeps a formula and a script as text, and mails each mediator a claim link', async () => {
    const formula = '=HYPERLINK("http://evil.example/steal","Click")';
    const script = '<script>alert(1)</script> Ada';
    const outcome = await run([HEADER, row('Grace Hopper', 'Grace@Example.org', '78701', { headline: formula }), row(script, 'ada@example.org', '78702', { bio: script })].join('\n'));
    expect(outcome.status).toBe('imported');
    expect(describeOutcome(outcome).summary).toBe('Imported 2 mediators of 2 rows; each was mailed a link to claim the profile, which stays unlisted until they agree.');
    const rows = await t.db.selectFrom('mediators').innerJoin('mediator_claims', 'mediator_claims.mediator_id', 'mediators.id').select(['name', 'headline', 'bio', 'status', 'user_id', 'approved_at', 'email']).orderBy('mediators.id').execute();
    expect(rows).toEqual([
      { name: 'Grace Hopper', headline: formula, bio: '', status: 'draft', user_id: null, approved_at: TEST_NOW.toISOString(), email: 'grace@example.org' },
      { name: script, headline: 'Family mediation', bio: script, status: 'draft', user_id: null, approved_at: TEST_NOW.toISOString(), email: 'ada@example.org' },
    ]);
    const offices = await t.db.selectFrom('offices').select(['postal_code', 'city', 'region', 'country']).orderBy('id').execute();
    expect(offices).toEqual([
      { postal_code: '78701', city: 'Austin', region: 'TX', country: 'US' },
      { postal_code: '78702', city: 'Austin', region: 'TX', country: 'US' },
    ]);
    const mails = await readMails(mailDir);
    expect(mails.map((m) => m.to)).toEqual(['grace@example.org', 'ada@example.org']);
    expect(mails[0]!.links[0]).toMatch(/^http:\/\/concord\.test\/claim\?token=\d+\.\d+\.[\w-]{43}$/);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_label', 'subject_label', 'after_json']).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('mediators.imported');
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ imported: 2, rows: 2 });
  });

  it('leaves out duplicates, within the file and against the directory, and says which line they repeat', async () => {
    const before = await count();
    const outcome = await run(
      [HEADER, row('Grace Hopper', 'grace@example.org'), row('Lin Okafor', 'lin@example.org', '78703'), row('Lin Okafor', 'lin2@example.org', '78703'), row('Someone Else', 'LIN@example.org', '78704'), row('GRACE  hopper', 'other@example.org', '78701')].join('\n'),
    );
    expect(outcome.status).toBe('imported');
    const r = outcome.status === 'imported' ? outcome.report : null;
    expect(r!.imported).toBe(1);
    expect(r!.duplicates).toEqual([
      { line: 2, message: 'grace@example.org was imported before and its profile is waiting to be claimed' },
      { line: 4, message: 'the same name at the same postal code as line 3' },
      { line: 5, message: 'the same email address as line 3' },
      { line: 6, message: 'the same name at the same postal code as line 2' },
    ]);
    expect(await count()).toBe(before + 1);
    // The same file again doubles nothing.
    const again = await run([HEADER, row('Lin Okafor', 'lin@example.org', '78703'), row('LIN  okafor', 'lin3@example.org', '78703')].join('\n'));
    expect(again.status === 'imported' && again.report).toMatchObject({
      imported: 0,
      duplicates: [
        { line: 2, message: 'lin@example.org was imported before and its profile is waiting to be claimed' },
        { line: 3, message: 'the same name at the same postal code as line 2' },
      ],
    });
    expect(describeOutcome(again).summary).toBe('Nothing new to import in 2 rows: nothing was imported. The mediators are there already.');
    const other = await run([HEADER, row('LIN  okafor', 'lin3@example.org', '787 03')].join('\n'));
    expect(other.status === 'imported' && other.report.duplicates).toEqual([{ line: 2, message: 'Lin Okafor at 78703 is in the directory already' }]);
    expect(await count()).toBe(before + 1);
  });

  it('imports nothing when one row is wrong, and names its line and reason; --skip-invalid imports the rest', async () => {
    const before = await count();
    const audits = async () => (await t.db.selectFrom('audit_log').select('id').execute()).length;
    const auditsBefore = await audits();
    const content = [HEADER, row('Maya Patel', 'maya@example.org', '78705'), row('', 'not-an-email', '78705'), row('Omar Haddad', 'omar@example.org', '99999', { city: '' }), row('Ines Duarte', 'ines@example.org', '78705')].join('\n');
    const outcome = await run(content);
    expect(outcome.status).toBe('invalid');
    const { ok, lines } = describeOutcome(outcome);
    expect(ok).toBe(false);
    expect(lines).toEqual([
      '2 rows of 4 rows cannot be imported, so nothing was imported. Correct them and import the file again (or skip them).',
      '',
      'Rows that are wrong:',
      '  line 3: email: Enter an email address like name@example.org.; name: Enter your name.',
      '  line 4: postal_code: We couldn\'t find the postal code "99999". Check it, or type the city and state instead.',
    ]);
    expect(await count()).toBe(before);
    expect(await audits()).toBe(auditsBefore);

    const skipped = await run(content, '--skip-invalid');
    expect(skipped.status === 'imported' && skipped.report.imported).toBe(2);
    expect(await count()).toBe(before + 2);
  });

  it('takes only languages the admins offer: an unknown code or a hidden language is a wrong row', async () => {
    const before = await count();
    await t.db.updateTable('languages').set({ hidden: 1 }).where('code', '=', 'es').execute();
    try {
      const content = [HEADER, row('Lina Sato', 'lina@example.org', '78705').replace('en;es', 'en;zz'), row('Rosa Vega', 'rosa@example.org', '78705')].join('\n');
      const outcome = await run(content);
      expect(outcome.status).toBe('invalid');
      expect(describeOutcome(outcome).lines.slice(-2)).toEqual(['  line 2: languages: Choose languages from the list.', '  line 3: languages: Choose languages from the list.']);
      expect(await count()).toBe(before);
    } finally {
      await t.db.updateTable('languages').set({ hidden: 0 }).where('code', '=', 'es').execute();
    }
  });

  it('reports a file saved as Latin-1, with the lines that have such bytes', async () => {
    const before = await count();
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from(`${row('José Núñez', 'jose@example.org', '78705')}\n`, 'latin1')]);
    const outcome = await run(latin1);
    expect(outcome.status).toBe('invalid');
    const { lines } = describeOutcome(outcome);
    expect(lines[1]).toBe(NOT_UTF8_HINT);
    expect(lines).toContain('  line 2: has characters that are not UTF-8 text (save the file as “CSV UTF-8”)');
    expect(await count()).toBe(before);
  });

  it('names missing and unknown columns, and explains a file that is not CSV', async () => {
    const missing = await run('name,e-mail,city\nAnn,ann@example.org,Austin\n');
    expect(describeOutcome(missing).summary).toBe(
      'The file has no “email”, “address”, “region”, “postal_code”, “country” columns. Concord does not know the column “e-mail”. The first line must name the columns of docs/import.md.',
    );
    expect((await run('')).status === 'file_problem' && describeOutcome(await run('')).summary).toMatch(/^The file is empty/);
    const broken = await run(`${HEADER}\n"Ann,ann@example.org\n`);
    expect(describeOutcome(broken).summary).toMatch(/^Line \d+ is not valid CSV \(.+\)\. Nothing was imported\.$/);
    await expect(runImportCommand(ctx, ['/no/such/file.csv'], pipe)).rejects.toThrow(new UsageError('There is no file /no/such/file.csv.'));
    await expect(runImportCommand(ctx, ['a.csv', '--force'], pipe)).rejects.toThrow(UsageError);
  });

  it('adds every imported mediator to an association’s roster, and refuses an unknown association', async () => {
    const at = TEST_NOW.toISOString();
    const assoc = await t.db.insertInto('associations').values({ slug: 'tx-mediators', name: 'Texas Mediators', description: '', website: '', criteria: '', color_primary: '#0b5d6b', color_accent: '#e3f1f3', frame_origins: '', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    const unknown = await run([HEADER, row('Ravi Menon', 'ravi@example.org', '78705')].join('\n'), '--association', 'nope');
    expect(describeOutcome(unknown).summary).toBe('There is no association with the slug “nope”. Nothing was imported.');
    const outcome = await run([HEADER, row('Ravi Menon', 'ravi@example.org', '78705')].join('\n'), '--association=tx-mediators');
    expect(outcome.status).toBe('imported');
    const roster = await t.db.selectFrom('association_members').innerJoin('mediators', 'mediators.id', 'association_members.mediator_id').select(['name', 'state']).where('association_id', '=', assoc.id).execute();
    expect(roster).toEqual([{ name: 'Ravi Menon', state: 'member' }]);
  });

  it('imports the sample file of docs/import.md as it is', async () => {
    const outcome = await runImportCommand(ctx, ['docs/samples/mediators.csv'], pipe);
    expect(describeOutcome(outcome).lines).toEqual(['Imported 3 mediators of 3 rows; each was mailed a link to claim the profile, which stays unlisted until they agree.']);
  });

  it('draws a progress bar on a terminal only', async () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    await runImportCommand(ctx, [file([HEADER, row('Zed Quinn', 'zed@example.org', '78705')].join('\n'))], tty);
    expect(written.some((s) => /^\rchecking  \[#{30}\] 100%$/.test(s))).toBe(true);
    expect(written.some((s) => /^\rimporting \[#{30}\] 100%$/.test(s))).toBe(true);
  });

  it('checks 200,000 rows in little memory and time, and answers with the one wrong row', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 200_000; i++) lines.push(row(`Mediator ${i}`, `m${i}@bulk.example.org`, '78705'));
    lines[150_001] = row('Bad Row', 'not an email', '78705');
    const big = file(lines.join('\n'));
    lines.length = 0;
    const before = await count();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
    const started = performance.now();
    const outcome = await runImportCommand(ctx, [big], pipe);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    console.log(`${engine}: 200,000 rows (${(fs.statSync(big).size / 1e6).toFixed(1)} MB) checked in ${seconds.toFixed(1)} s, heap at most ${(peak / 1e6).toFixed(0)} MB (${(base / 1e6).toFixed(0)} MB before)`);
    expect(describeOutcome(outcome).lines).toEqual([
      '1 row of 200,000 rows cannot be imported, so nothing was imported. Correct it and import the file again (or skip it).',
      '',
      'Rows that are wrong:',
      '  line 150002: email: Enter an email address like name@example.org.',
    ]);
    expect(await count()).toBe(before);
    expect(seconds).toBeLessThan(45);
    // The file is never held whole: two readings of a stream, and only each good row's keys kept.
    expect(peak - base).toBeLessThan(250e6);
  }, 120_000);
});
