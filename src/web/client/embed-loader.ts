// The loader an association pastes on its own site, with its directory's place:
//
//   <div data-concord-directory="scma"></div>
//   <script src="https://concord.example/embed.js" defer></script>
//
// It makes each such place (or an <iframe data-concord-directory> already there) a frame showing
// /associations/<slug>/embed from the site the script came from, and sets the frame's height
// from the messages the directory posts (embed-frame.ts): only from that site, and only from the
// frame's own window, so no other frame or page can resize it.
export {};

const SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/;
const MAX_HEIGHT = 100_000;

const script = document.currentScript as HTMLScriptElement | null;
const concord = new URL(script?.src ?? location.href, location.href).origin;
const frames: HTMLIFrameElement[] = [];

function mount(place: HTMLElement): void {
  if (place.dataset.concordMounted) return;
  const slug = place.dataset.concordDirectory ?? '';
  if (!SLUG.test(slug)) return;
  place.dataset.concordMounted = '1';
  let frame: HTMLIFrameElement;
  if (place instanceof HTMLIFrameElement) frame = place;
  else {
    frame = document.createElement('iframe');
    const url = new URL(`/associations/${slug}/embed`, concord);
    const panel = place.dataset.panel;
    if (panel && SLUG.test(panel)) url.searchParams.set('panel', panel);
    frame.src = url.href;
    frame.title = place.dataset.title || 'Find a mediator';
    place.replaceChildren(frame);
  }
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.display = 'block';
  if (!frame.style.height) frame.style.height = '40rem';
  frames.push(frame);
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.origin !== concord) return;
  const frame = frames.find((f) => f.contentWindow === event.source);
  const data: unknown = event.data;
  if (!frame || typeof data !== 'object' || data === null) return;
  const { type, height } = data as { type?: unknown; height?: unknown };
  if (type !== 'concord:height' || typeof height !== 'number' || !Number.isFinite(height)) return;
  frame.style.height = `${Math.min(MAX_HEIGHT, Math.max(100, Math.ceil(height)))}px`;
});

const mountAll = (): void => document.querySelectorAll<HTMLElement>('[data-concord-directory]').forEach(mount);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
else mountAll();
