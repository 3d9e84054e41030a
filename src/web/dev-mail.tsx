import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { notFound } from './http-error.ts';
import { Layout } from './layout.tsx';
import { MAIL_FILE_PATTERN } from '../mail/mailer.ts';
import { readEml, type ReadMail } from '../mail/eml.ts';

const LIST_LIMIT = 200;

/**
 * Development only (never registered in production): the mails written to `folder`, newest
 * first, and each one as plain text. The file name is checked against MAIL_FILE_PATTERN before
 * it touches the file system, so no path can leave the folder.
 */
export function devMailPages(folder: string) {
  return async function (app: FastifyInstance): Promise<void> {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get('/dev/mail', async (_request, reply) => {
      const names = (await fs.readdir(folder).catch(() => [] as string[])).filter((f) => MAIL_FILE_PATTERN.test(f)).sort().reverse().slice(0, LIST_LIMIT);
      const mails = await Promise.all(
        names.map(async (file) => ({ file, mail: readEml(await fs.readFile(path.join(folder, file), 'utf8')) })),
      );
      return reply.html(<MailListPage mails={mails} />);
    });

    app.get<{ Params: { file: string } }>('/dev/mail/:file', async (request, reply) => {
      const { file } = request.params;
      if (!MAIL_FILE_PATTERN.test(file)) throw notFound('There is no mail with that name.');
      const raw = await fs.readFile(path.join(folder, file), 'utf8').catch(() => null);
      if (raw === null) throw notFound('There is no mail with that name.');
      const mail = readEml(raw);
      const text = `From: ${mail.from}\nTo: ${mail.to}\nDate: ${mail.date}\nSubject: ${mail.subject}\n\n${mail.text}`;
      return reply.type('text/plain; charset=utf-8').send(text);
    });
  };
}

function MailListPage({ mails }: { mails: { file: string; mail: ReadMail }[] }): JSX.Element {
  return (
    <Layout title="Mail sent in development" noindex>
      <h1>Mail sent in development</h1>
      <p class="lead">Without SMTP_URL, Concord writes each mail to a file instead of sending it. Newest first.</p>
      {mails.length ? (
        <table class="mail-list">
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {mails.map(({ file, mail }) => (
              <tr>
                <td safe>{mail.date}</td>
                <td safe>{mail.to}</td>
                <td>
                  <a href={`/dev/mail/${file}`} safe>
                    {mail.subject || '(no subject)'}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No mail yet.</p>
      )}
    </Layout>
  );
}
