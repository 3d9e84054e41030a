import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { articleForm, heroJpeg, postArticle, postSmall, writePiece } from '../../test/support/editing.ts';
import { signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';
import type { Visitor } from '../../test/support/visitor.ts';
import { HERO_MESSAGES } from './hero.ts';
import { declaredPng } from '../../test/support/images.ts';

/** Hero images: uploaded with the form, described (alt text required), and served by who may see them. */
describe.each(DIALECTS)('hero images of pieces on %s', (engine) => {
  let s: TestServer;
  let writer: Visitor & { userId: number };
  let other: Visitor & { userId: number };
  let editor: Visitor & { userId: number };
  let id: number;

  beforeAll(async () => {
    s = await startTestServer(engine);
    writer = await signedIn(s, 'writer@example.org');
    other = await signedIn(s, 'other@example.org');
    editor = await signedIn(s, 'editor@example.org', 'editor');
    id = await writePiece(writer, { title: 'A piece with a picture', byline_name: 'Wren Writer' });
  });
  afterAll(() => s.close());

  const files = () => (fs.existsSync(s.articleImageDir) ? fs.readdirSync(s.articleImageDir).filter((f) => !f.startsWith('.')).sort() : []);
  const hero = async () => (await s.db.db.selectFrom('articles').select(['hero_image', 'hero_alt', 'hero_width', 'hero_height']).where('id', '=', id).executeTakeFirstOrThrow());
  const edit = (over: Record<string, string> = {}, image?: Buffer, name = 'hero.jpg', type = 'image/jpeg') =>
    postArticle(writer, `/dashboard/articles/${id}`, `/dashboard/articles/${id}`, articleForm({ title: 'A piece with a picture', ...over }), image ? { data: image, name, type } : undefined);

  it('refuses an image without a description, and keeps no file of it', async () => {
    const r = await edit({ hero_alt: '  ' }, await heroJpeg());
    expect(r.status).toBe(400);
    expect(r.html).toContain('Describe the image for people who cannot see it.');
    expect(r.html).toContain('The image you chose was not saved because of the problems above.');
    expect(files()).toEqual([]);
    expect((await hero()).hero_image).toBeNull();
  });

  it('refuses files that are not usable images, with the reason', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), 'x.svg', HERO_MESSAGES.not_an_image],
      [Buffer.from('just some text, not an image at all'), 'x.jpg', HERO_MESSAGES.not_an_image],
      [await heroJpeg(300, 200), 'small.jpg', HERO_MESSAGES.too_small],
      [await declaredPng(30_000, 30_000), 'bomb.png', HERO_MESSAGES.too_many_pixels],
      [await declaredPng(8000, 5000, 16), 'giant.png', HERO_MESSAGES.too_much_data],
    ];
    for (const [data, name, message] of cases) {
      const r = await edit({ hero_alt: 'A calm meeting room' }, data, name);
      expect(r.status, name).toBe(400);
      expect(r.html).toContain(message);
      expect(r.html).toContain('href="#hero"');
    }
    expect(files()).toEqual([]);
  });

  it('stores a described image in three widths and shows it in the preview', async () => {
    const r = await edit({ hero_alt: 'Two chairs <b>facing</b> each other' }, await heroJpeg());
    expect(r.status, r.html.slice(0, 300)).toBe(303);
    const h = await hero();
    expect(h.hero_image).toMatch(/^[0-9a-f]{32}$/);
    expect(h).toMatchObject({ hero_alt: 'Two chairs <b>facing</b> each other', hero_width: 1600, hero_height: 900 });
    expect(files()).toEqual([480, 960, 1600].map((w) => `${h.hero_image}-${w}.webp`).sort());
    const preview = await writer.get(`/dashboard/articles/${id}/preview`);
    expect(preview.html).toContain(`src="/media/articles/${h.hero_image}-960.webp"`);
    expect(preview.html).toContain('alt="Two chairs <b>facing</b> each other"');
    expect(preview.html).toContain('width="1600" height="900"');

    // Saving without a new file keeps it; a new description is saved; clearing it is refused.
    expect((await edit({ hero_alt: 'Two chairs facing each other' })).status).toBe(303);
    expect(await hero()).toMatchObject({ hero_image: h.hero_image, hero_alt: 'Two chairs facing each other' });
    const cleared = await edit({ hero_alt: '' });
    expect(cleared.status).toBe(400);
    expect(cleared.html).toContain('Describe the image for people who cannot see it.');
    expect((await hero()).hero_alt).toBe('Two chairs facing each other');
  });

  it('shows a draft’s image to its writer and editors only, and a published one to anyone, cached', async () => {
    const { hero_image: image } = await hero();
    const path = `/media/articles/${image}-480.webp`;
    const anonymous = await s.get(path);
    expect(anonymous.status).toBe(404);
    expect((await other.get(path)).status).toBe(404);
    const own = await writer.get(path);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/webp');
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    expect((await editor.get(path)).status).toBe(200);
    for (const bad of [`/media/articles/${image}-481.webp`, `/media/articles/${'0'.repeat(32)}-480.webp`, '/media/articles/..%2F..%2Fpackage.json', `/media/articles/${image}-480.png`]) {
      expect((await s.get(bad)).status, bad).toBe(404);
    }

    await postSmall(writer, '/dashboard/articles/new', `/dashboard/articles/${id}/submit`);
    expect((await postSmall(editor, `/editor/articles/${id}`, `/editor/articles/${id}/publish`)).status).toBe(303);
    const published = await s.get(path);
    expect(published.status).toBe(200);
    expect(published.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(published.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lets an editor replace or remove the image, keeping the old files for earlier revisions', async () => {
    const { hero_image: first } = await hero();
    const replaced = await postArticle(editor, `/editor/articles/${id}/edit`, `/editor/articles/${id}`, articleForm({ title: 'A piece with a picture', hero_alt: 'A bright window' }), { data: await heroJpeg(1000, 700, '#aa7733') });
    expect(replaced.status).toBe(303);
    const { hero_image: second } = await hero();
    expect(second).not.toBe(first);
    expect(files().filter((f) => f.startsWith(first!))).toHaveLength(3);
    const removed = await postArticle(editor, `/editor/articles/${id}/edit`, `/editor/articles/${id}`, articleForm({ title: 'A piece with a picture', hero_remove: '1' }));
    expect(removed.status).toBe(303);
    expect((await hero()).hero_image).toBeNull();
    // No longer anyone's image: not served.
    expect((await s.get(`/media/articles/${second}-480.webp`)).status).toBe(404);
  });
});

/**
 * Replaced images on disk: every save keeps a revision with its image, so a replaced image stays
 * while a revision names it, and restoring that revision shows it again; an image that nothing
 * names (it came with a save that was refused) is deleted once the refusal is final.
 */
describe.each(DIALECTS)('hero image files over a piece’s revisions on %s', (engine) => {
  let s: TestServer;
  let editor: Visitor & { userId: number };

  beforeAll(async () => {
    s = await startTestServer(engine);
    editor = await signedIn(s, 'picture-editor@example.org', 'editor');
  });
  afterAll(() => s.close());

  const files = () => (fs.existsSync(s.articleImageDir) ? fs.readdirSync(s.articleImageDir).filter((f) => !f.startsWith('.')).sort() : []);
  const filesOf = (...images: string[]) => images.flatMap((image) => [480, 960, 1600].map((w) => `${image}-${w}.webp`)).sort();
  const form = (over: Record<string, string> = {}) => articleForm({ title: 'Pictures over time', hero_alt: 'A quiet meeting room', byline_name: 'Pia Editor', ...over });

  it('deletes the files of an image nothing names, keeps those a revision names, and shows one again on restoring it', async () => {
    const made = await postArticle(editor, '/editor/articles/new?kind=article', '/editor/articles', form(), { data: await heroJpeg(1200, 800, '#113355') });
    expect(made.status, made.html.slice(0, 300)).toBe(303);
    const id = Number(/\/editor\/articles\/(\d+)/.exec(made.location!)![1]);
    const heroOf = async () => (await s.db.db.selectFrom('articles').select('hero_image').where('id', '=', id).executeTakeFirstOrThrow()).hero_image!;
    const first = await heroOf();

    // Replaced once, and published with it.
    const replaced = await postArticle(editor, `/editor/articles/${id}/edit`, `/editor/articles/${id}`, form({ after: 'publish' }), { data: await heroJpeg(1200, 800, '#775533') });
    expect(replaced.location).toBe(`/editor/articles/${id}?done=published`);
    const second = await heroOf();
    // A “Save and publish” from a form opened before the publication brings a third image: refused, so nothing names it.
    const refused = await postArticle(editor, `/editor/articles/${id}/edit`, `/editor/articles/${id}`, form({ after: 'publish' }), { data: await heroJpeg(1200, 800, '#aa2222') });
    expect(refused.status).toBe(409);
    expect(await heroOf()).toBe(second);
    // Replaced a second time.
    const again = await postArticle(editor, `/editor/articles/${id}/edit`, `/editor/articles/${id}`, form(), { data: await heroJpeg(1200, 800, '#229944') });
    expect(again.location).toBe(`/editor/articles/${id}?done=saved`);
    const third = await heroOf();
    expect(new Set([first, second, third]).size).toBe(3);

    // The refused image's files are gone; the replaced ones stay, as revisions name them.
    expect(files()).toEqual(filesOf(first, second, third));

    const revisions = await s.db.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).orderBy('id').execute();
    const restored = await postSmall(editor, `/editor/articles/${id}/revisions/${revisions[0]!.id}`, `/editor/articles/${id}/revisions/${revisions[0]!.id}/restore`);
    expect(restored.location).toBe(`/editor/articles/${id}?done=restored`);
    expect(await heroOf()).toBe(first);
    // The piece is published, so anyone sees the restored image.
    const shown = await s.get(`/media/articles/${first}-960.webp`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/webp');
    expect(files()).toEqual(filesOf(first, second, third));
  });
});
