import type { Db } from '../db/database.ts';
import type { PracticeArea } from './types.ts';

/** The starting taxonomy; editable later by admins, so it lives in a table, not in code paths. */
export const DEFAULT_PRACTICE_AREAS: PracticeArea[] = [
  { slug: 'family', name: 'Family & divorce', description: 'Separation, divorce, parenting plans, property and support.' },
  { slug: 'workplace', name: 'Workplace', description: 'Conflicts between colleagues, managers and teams; employment disputes.' },
  { slug: 'commercial', name: 'Commercial', description: 'Contracts, partnerships, suppliers and customers.' },
  { slug: 'construction', name: 'Construction', description: 'Building projects, defects, delays and payment.' },
  { slug: 'elder', name: 'Elder & care', description: 'Care decisions, living arrangements and family caregiving.' },
  { slug: 'community', name: 'Community & neighbours', description: 'Neighbours, noise, boundaries and local groups.' },
  { slug: 'international', name: 'International', description: 'Cross-border business and family matters.' },
  { slug: 'real-estate', name: 'Real estate & housing', description: 'Landlords and tenants, sales, co-ownership.' },
  { slug: 'estate', name: 'Estates & inheritance', description: 'Wills, trusts and dividing an estate among family.' },
  { slug: 'healthcare', name: 'Healthcare', description: 'Patients, providers and medical disputes.' },
  { slug: 'insurance', name: 'Insurance & personal injury', description: 'Claims, coverage and injury settlements.' },
  { slug: 'education', name: 'Education & schools', description: 'Special education, students, parents and schools.' },
];

export async function ensurePracticeAreas(db: Db): Promise<void> {
  const existing = await db.selectFrom('practice_areas').select('slug').execute();
  if (existing.length) return;
  await db
    .insertInto('practice_areas')
    .values(DEFAULT_PRACTICE_AREAS.map((p, i) => ({ ...p, position: i })))
    .execute();
}

export async function listPracticeAreas(db: Db): Promise<PracticeArea[]> {
  return db.selectFrom('practice_areas').select(['slug', 'name', 'description']).orderBy('position').orderBy('slug').execute();
}
