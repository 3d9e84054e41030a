import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { notFound } from '../web/http-error.ts';
import { HERO_NAME_PATTERN } from './hero.ts';
import { hasRole } from '../web/viewer.ts';

/**
 * GET /media/articles/:name — a published piece's hero image for anyone (cached); a piece that is
 * not published shows its image only to its writers and to editors. The name is checked against
 * a strict pattern and looked up in the database before any file is read: never a path.
 */
export async function heroFiles(app: FastifyInstance, dir: string, db: Db): Promise<void> {
  app.get<{ Params: { name: string } }>('/media/articles/:name', async (request, reply) => {
    const gone = () => notFound('There is no image at this address.');
    const match = HERO_NAME_PATTERN.exec(request.params.name);
    if (!match) throw gone();
    const image = match[1]!;
    const articles = await db.selectFrom('articles').select(['id', 'status']).where('hero_image', '=', image).execute();
    if (!articles.length) throw gone();
    const published = articles.some((a) => a.status === 'published');
    if (!published) {
      const viewer = request.user;
      if (!viewer) throw gone();
      if (!hasRole(viewer.role, 'editor')) {
        const mine = await db
          .selectFrom('article_authors')
          .innerJoin('authors', 'authors.id', 'article_authors.author_id')
          .leftJoin('mediators', 'mediators.id', 'authors.mediator_id')
          .select('article_authors.article_id')
          .where('article_authors.article_id', 'in', articles.map((a) => a.id))
          .where((eb) => eb.or([eb('authors.user_id', '=', viewer.id), eb('mediators.user_id', '=', viewer.id)]))
          .executeTakeFirst();
        if (!mine) throw gone();
      }
    }
    const data = await fs.readFile(path.join(dir, request.params.name)).catch(() => null);
    if (!data) throw gone();
    // A new upload gets a new name, but an image taken down with its piece must stop being served soon.
    reply.header('cache-control', published ? 'public, max-age=3600' : 'private, no-store');
    return reply.type('image/webp').header('x-content-type-options', 'nosniff').send(data);
  });
}
