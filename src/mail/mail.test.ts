import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TMP_DIR } from '../../test/support/db.ts';
import { executableInjections } from '../../test/support/html.ts';
import { readMails } from '../../test/support/mail.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { buildServer } from '../web/server.ts';
import { linksIn, readEml } from './eml.ts';
import { fileMailer, MAIL_FILE_PATTERN } from './mailer.ts';

const PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

describe('fileMailer', () => {
  const folder = path.join(TMP_DIR, `mail-unit-${process.pid}`);
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('writes each mail as an .eml file, named in sending order, that reads back as sent', async () => {
    const mailer = fileMailer(folder, 'Concord <no-reply@concord.test>');
    const long = `https://concord.test/reset-password?token=${'A'.repeat(43)}`;
    await mailer.send({ to: 'first@example.org', subject: 'Première — ça marche', text: `Bonjour ✓\n\n${long}\n\n${'word '.repeat(40)}` });
    await mailer.send({ to: 'second@example.org', subject: 'Second', text: 'Plain ASCII http://concord.test/login', html: '<p>Plain <b>HTML</b></p>' });
    const files = fs.readdirSync(folder);
    expect(files).toHaveLength(2);
    expect(files.every((f) => MAIL_FILE_PATTERN.test(f))).toBe(true);
    const [first, second] = await readMails(folder);
    expect(first!.to).toBe('first@example.org');
    expect(first!.from).toBe('Concord <no-reply@concord.test>');
    expect(first!.subject).toBe('Première — ça marche');
    expect(first!.text).toContain('Bonjour ✓');
    expect(first!.links).toEqual([long]);
    expect(second!.subject).toBe('Second');
    expect(second!.text).toBe('Plain ASCII http://concord.test/login');
    expect(second!.headers['content-type']).toMatch(/multipart\/alternative/);
  });

  it('finds links in text', () => {
    expect(linksIn('Open https://a.test/x?token=1 or http://b.test/.')).toEqual(['https://a.test/x?token=1', 'http://b.test/.']);
    expect(readEml('Subject: =?UTF-8?B?w6k=?=\n\nbody').subject).toBe('é');
  });
});

describe.each(DIALECTS)('development mail pages on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine);
    await s.app.deps.mailer.send({ to: 'reader@example.org', subject: `Hello ${PAYLOAD}`, text: `Open http://concord.test/verify?token=abc ${PAYLOAD}` });
  });
  afterAll(() => s.close());

  it('lists captured mail, newest first, and shows each as plain text', async () => {
    const list = await s.get('/dev/mail');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('reader@example.org');
    expect(executableInjections(html)).toEqual([]);
    const [mail] = await s.mails();
    expect(html).toContain(`href="/dev/mail/${mail!.file}"`);
    const one = await s.get(`/dev/mail/${mail!.file}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(one.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await one.text();
    expect(text).toContain('To: reader@example.org');
    expect(text).toContain('http://concord.test/verify?token=abc');
  });

  it('answers 404 for any name that is not a captured mail', async () => {
    for (const name of ['..%2F..%2Fpackage.json', 'nope.eml', '20261126T021020123Z-000001-0000000.eml', '20261126T021020123Z-000001-00000000.eml', '%2e%2e']) {
      expect((await s.get(`/dev/mail/${name}`)).status, name).toBe(404);
    }
  });

  it('does not exist in production', async () => {
    const prod = await buildServer({ ...s.app.deps, config: { ...s.app.deps.config, production: true } });
    try {
      expect((await prod.inject('/dev/mail')).statusCode).toBe(404);
      const [mail] = await s.mails();
      expect((await prod.inject(`/dev/mail/${mail!.file}`)).statusCode).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
