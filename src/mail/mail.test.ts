import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TMP_DIR } from '../../test/support/db.ts';
import { verifyDkim } from '../../test/support/dkim.ts';
import { executableInjections } from '../../test/support/html.ts';
import { readMails } from '../../test/support/mail.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import { buildApp } from '../app.ts';
import { linksIn, readEml } from './eml.ts';
import { loadConfig } from '../config.ts';
import { createMailer, fileMailer, MAIL_FILE_PATTERN } from './mailer.ts';

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

  it('signs every mail with DKIM when the three settings are given, so a receiver can verify it', async () => {
    const dkimFolder = path.join(folder, 'dkim');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(folder, 'dkim.pem');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const env = { DATA_DIR: dkimFolder, PUBLIC_URL: 'https://mediators.example.org', DKIM_DOMAIN: 'Mediators.Example.org', DKIM_SELECTOR: 'concord2026', DKIM_PRIVATE_KEY_FILE: keyFile };
    const config = loadConfig(env);
    const mailer = createMailer(config);
    await mailer.send({ to: 'reader@example.org', subject: 'Prüfung  with spaces', text: 'Line one  \nLine two\n\n\n', html: '<p>Line one</p>' });
    const [file] = fs.readdirSync(config.mailDir);
    const raw = fs.readFileSync(path.join(config.mailDir, file!), 'utf8');
    const tags = verifyDkim(raw, publicKey);
    expect(tags.d).toBe('mediators.example.org');
    expect(tags.s).toBe('concord2026');
    expect(tags.h!.split(':')).toEqual(expect.arrayContaining(['from', 'to', 'subject', 'date']));
    // A receiver would refuse the mail if a word of it changed on the way.
    expect(() => verifyDkim(raw.replace('Line two', 'Line 2'), publicKey)).toThrow(/body hash/);
    expect(() => verifyDkim(raw.replace('To: reader@', 'To: someone@'), publicKey)).toThrow(/does not verify/);
    // Without the settings, mail is not signed.
    const plain = loadConfig({ DATA_DIR: path.join(folder, 'plain') });
    expect(plain.dkim).toBeNull();
    await createMailer(plain).send({ to: 'reader@example.org', subject: 'Unsigned', text: 'Hello' });
    expect(() => verifyDkim(fs.readFileSync(path.join(plain.mailDir, fs.readdirSync(plain.mailDir)[0]!), 'utf8'), publicKey)).toThrow(/no DKIM-Signature/);

    // Half the settings, or a key file that is missing or not a key, stop the start with a clear message.
    expect(() => loadConfig({ ...env, DKIM_SELECTOR: undefined })).toThrow(/set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE together/);
    expect(() => loadConfig({ ...env, DKIM_PRIVATE_KEY_FILE: path.join(folder, 'missing.pem') })).toThrow(/cannot read .*missing\.pem \(ENOENT\)/);
    fs.writeFileSync(path.join(folder, 'not-a-key.pem'), 'hello');
    expect(() => loadConfig({ ...env, DKIM_PRIVATE_KEY_FILE: path.join(folder, 'not-a-key.pem') })).toThrow(/does not hold a private key in PEM format/);
    const ecKey = path.join(folder, 'ec.pem');
    fs.writeFileSync(ecKey, crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadConfig({ ...env, DKIM_PRIVATE_KEY_FILE: ecKey })).toThrow(/signs with an RSA key; .* holds a key of type ec/);
    expect(() => loadConfig({ ...env, DKIM_DOMAIN: 'not a domain' })).toThrow(/DKIM_DOMAIN: a domain name/);
    expect(() => loadConfig({ ...env, DKIM_SELECTOR: 'bad selector!' })).toThrow(/DKIM_SELECTOR: a DNS label/);
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
    const prod = await buildApp({ ...s.app.deps, config: { ...s.app.deps.config, production: true } });
    try {
      expect((await prod.inject('/dev/mail')).statusCode).toBe(404);
      const [mail] = await s.mails();
      expect((await prod.inject(`/dev/mail/${mail!.file}`)).statusCode).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
