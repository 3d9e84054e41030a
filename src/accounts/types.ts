import type { Role } from '../db/schema.ts';

/** What the account page shows. */
export interface Account {
  id: number;
  email: string;
  role: Role;
  emailVerifiedAt: string | null;
  createdAt: string;
}
