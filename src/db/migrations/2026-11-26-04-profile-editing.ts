import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

// Frozen once landed: never edit, add a new migration instead. Imports no application code.

/**
 * A photo is served only while its profile is listed (or to its member and to editors), so each
 * request for /media/photos/<name> looks the profile up by its photo_url.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.createIndex('mediators_by_photo').on('mediators').column('photo_url').execute();
}
