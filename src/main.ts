import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { prepareDatabase } from './setup.ts';
import { seedFirstStart } from './demo/seed.ts';
import { buildApp } from './app.ts';
import { indexFor } from './directory/search-index.ts';
import { createMailer } from './mail/mailer.ts';

// start: config → database → migrations, geodata and demo data → server
const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    // A setting that is wrong is the operator's to fix: say which and why, without a stack trace.
    console.error(`[concord] ${(err as Error).message}`);
    process.exit(1);
  }
})();
const handle = openDatabase(config.engine, config.databaseUrl);
const started = Date.now();
const log = (msg: string) => console.log(`[concord] ${msg}`);
await prepareDatabase(handle.db, config.engine, { log });
await seedFirstStart(handle.db, config.engine, { mediators: config.seedMediators, articleImageDir: config.articleImageDir, evidenceDir: config.evidenceDir, log });
console.log(`[concord] database ready (${config.engine}) in ${Date.now() - started} ms`);
// Build the search index now rather than on the first visitor's search.
const index = indexFor(handle.db);
await index.sync();
console.log(`[concord] search index: ${index.stats.mediators} listed mediators, ${index.stats.offices} offices, in ${Math.round(index.stats.loadMs)} ms`);

const mailer = createMailer(config);
if (mailer.folder) {
  console.log(`[concord] no SMTP_URL: mail is written to ${mailer.folder}${config.production ? '' : ' and listed at /dev/mail'}`);
}
const app = await buildApp({ db: handle.db, engine: config.engine, config, now: () => new Date(), mailer });
await app.listen({ port: config.port, host: config.host });
console.log(`[concord] serving http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  });
}
