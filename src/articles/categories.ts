import type { Db } from '../db/database.ts';

export interface Category {
  slug: string;
  name: string;
  description: string;
}

/** The publication's categories, in their set order. */
export async function listCategories(db: Db): Promise<Category[]> {
  return db.selectFrom('categories').select(['slug', 'name', 'description']).orderBy('position').orderBy('name').execute();
}

/** Adds categories that are missing (by slug); existing ones keep their names. */
export async function ensureCategories(db: Db, categories: Category[]): Promise<void> {
  if (!categories.length) return;
  await db
    .insertInto('categories')
    .values(categories.map((c, position) => ({ ...c, position })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

/** The categories a new site starts with; editors can add more. */
export const DEFAULT_CATEGORIES: Category[] = [
  { slug: 'family', name: 'Family and divorce', description: 'Separation, parenting plans, and family decisions made together.' },
  { slug: 'workplace', name: 'Workplace', description: 'Conflict at work, between colleagues, teams and employers.' },
  { slug: 'business', name: 'Business and commercial', description: 'Contracts, leases, partnerships, construction and payment disputes.' },
  { slug: 'community', name: 'Community and neighbours', description: 'Neighbours, housing, schools and local disputes.' },
  { slug: 'choosing', name: 'Choosing and preparing', description: 'Finding the right mediator and getting ready for the first session.' },
  { slug: 'practice', name: 'For mediators', description: 'Practice, skills and running a mediation practice.' },
  { slug: 'news', name: 'News from the field', description: 'Summaries of news about mediation, with links to the full stories.' },
];
