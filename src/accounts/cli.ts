import { commandLine, UsageError } from '../db/command-line.ts';
import type { Db } from '../db/database.ts';
import { SignupForm } from './schema.ts';
import { hashPassword } from './secrets.ts';
import { deleteUserSessions } from './sessions.ts';
import { findUserByEmail, insertUser, updateUser } from './users.ts';
import { parseForm } from '../web/form-fields.ts';
import { newToken } from '../lib/tokens.ts';
import { ROLES, type Role } from '../web/viewer.ts';

/**
 * `npm run user -- create --email x --role admin --password-stdin`: accounts made from the
 * command line, already confirmed (e.g. the first admin); `set-role` changes a role.
 */
const USAGE = `Usage:
  npm run user -- create --email EMAIL [--role member|editor|admin] [--password-stdin]
  npm run user -- set-role --email EMAIL --role member|editor|admin

  create      makes a confirmed account. With --password-stdin the password is the first
              line of standard input; without it a random one is made and printed.
  set-role    changes an account's role and logs it out everywhere.

The database is the one the app uses: DATABASE_URL, or the SQLite file in DATA_DIR.`;

export { UsageError };

function parseArgs(argv: string[]): { command: string; email: string; role: Role | undefined; passwordStdin: boolean } {
  const [command, ...rest] = argv;
  if (command !== 'create' && command !== 'set-role') throw new UsageError(command ? `Unknown command "${command}".` : 'Say what to do: create or set-role.');
  const values = new Map<string, string>();
  let passwordStdin = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--password-stdin') {
      passwordStdin = true;
      continue;
    }
    const m = /^--(email|role)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`Unknown argument "${arg}".`);
    const value = m[2] ?? rest[++i];
    if (!value) throw new UsageError(`--${m[1]} needs a value.`);
    values.set(m[1]!, value);
  }
  const email = values.get('email');
  if (!email) throw new UsageError('--email is required.');
  const role = values.get('role');
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be member, editor or admin, not "${role}".`);
  if (command === 'set-role' && !role) throw new UsageError('set-role needs --role.');
  return { command, email, role: role as Role | undefined, passwordStdin };
}

/** Runs one command on `db`; returns what to print. Exported for tests. */
export async function runUserCommand(db: Db, argv: string[], readPassword: () => Promise<string>, now: Date): Promise<string> {
  const args = parseArgs(argv);
  if (args.command === 'set-role') {
    const user = await findUserByEmail(db, args.email);
    if (!user) throw new UsageError(`No account has the email address ${args.email}.`);
    await updateUser(db, user.id, { role: args.role! }, now);
    // A privilege change: the next log-in starts a session with a new id.
    await deleteUserSessions(db, user.id);
    return `${user.email} is now ${args.role}.`;
  }
  const generated = args.passwordStdin ? null : newToken().slice(0, 20);
  const password = generated ?? (await readPassword());
  const form = parseForm(SignupForm, { email: args.email, password });
  if (!form.ok) throw new UsageError(form.problems.map((p) => p.message).join(' '));
  const id = await insertUser(db, { email: form.value.email, passwordHash: await hashPassword(password), role: args.role ?? 'member', verifiedAt: now.toISOString() }, now);
  if (id === null) throw new UsageError(`An account with ${form.value.email} already exists.`);
  return `Created ${args.role ?? 'member'} ${form.value.email}${generated ? ` with the password: ${generated}` : ''}.`;
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

commandLine(import.meta.url, USAGE, async ({ db }, _config, argv) => {
  console.log(await runUserCommand(db, argv, firstLineOfStdin, new Date()));
  return 0;
});
