import type { Video } from './types.ts';

export type VideoProblem = 'not_http' | 'unknown_host' | 'no_id';

export const VIDEO_MESSAGES: Record<VideoProblem, string> = {
  not_http: 'The video link must start with http:// or https://.',
  unknown_host: 'Videos can come from YouTube or Vimeo only. Paste the link of the video page on one of them.',
  no_id: 'We could not find the video in that link. Paste the address of the video page, for example https://www.youtube.com/watch?v=… or https://vimeo.com/123456.',
};

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^[0-9]{3,12}$/;

/**
 * Reads a YouTube or Vimeo page link into the provider and video id; anything else is refused.
 * Only the id is kept and the embed address is rebuilt from it, so nothing a writer typed ends
 * up in an iframe's src.
 */
export function parseVideoUrl(raw: string): { ok: true; video: Video } | { ok: false; problem: VideoProblem } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: 'not_http' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not_http' };
  const host = url.hostname.toLowerCase().replace(/^(www\.|m\.)/, '');
  const parts = url.pathname.split('/').filter(Boolean);
  let id: string | undefined;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    if (parts[0] === 'watch') id = url.searchParams.get('v') ?? undefined;
    else if (parts[0] === 'embed' || parts[0] === 'shorts' || parts[0] === 'live') id = parts[1];
    if (!id || !YOUTUBE_ID.test(id)) return { ok: false, problem: 'no_id' };
    return { ok: true, video: { provider: 'youtube', id } };
  }
  if (host === 'youtu.be') {
    id = parts[0];
    if (!id || !YOUTUBE_ID.test(id)) return { ok: false, problem: 'no_id' };
    return { ok: true, video: { provider: 'youtube', id } };
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    id = parts.find((p) => VIMEO_ID.test(p));
    if (!id) return { ok: false, problem: 'no_id' };
    return { ok: true, video: { provider: 'vimeo', id } };
  }
  return { ok: false, problem: 'unknown_host' };
}

/** The privacy-friendly player address, loaded only after the visitor clicks. */
export function embedUrl(video: Video): string {
  return video.provider === 'youtube'
    ? `https://www.youtube-nocookie.com/embed/${video.id}?autoplay=1`
    : `https://player.vimeo.com/video/${video.id}?autoplay=1&dnt=1`;
}

/** The video's own page, for visitors who would rather watch there. */
export function watchUrl(video: Video): string {
  return video.provider === 'youtube' ? `https://www.youtube.com/watch?v=${video.id}` : `https://vimeo.com/${video.id}`;
}

/** "12:05" or "1:02:05". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
