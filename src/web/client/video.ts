// Click-to-load video: the page shows our own picture and a play link to the video's page.
// Only when the visitor presses play does the player load, in an iframe made here from the
// link's data-embed address. Until then the browser makes no request to the video site.
export {};

// The only players the page may load (the CSP's frame-src names the same two).
const PLAYERS = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;

function play(link: HTMLAnchorElement, event: MouseEvent): void {
  // Ctrl-, Cmd-, Shift- or middle-click: the visitor wants the video's page in a new tab.
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const src = link.dataset.embed ?? '';
  const frameBox = link.closest<HTMLElement>('[data-video-frame]');
  if (!PLAYERS.test(src) || !frameBox) return;
  event.preventDefault();
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = link.dataset.embedTitle || 'Video player';
  frame.allow = 'autoplay; fullscreen; picture-in-picture; encrypted-media';
  frame.allowFullscreen = true;
  // The site sends no Referer at all; the players refuse to start without the site's origin.
  frame.referrerPolicy = 'strict-origin-when-cross-origin';
  frame.className = 'video-player';
  frameBox.replaceChildren(frame);
  frameBox.classList.add('video-playing');
  frame.focus();
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-embed]')) {
  link.addEventListener('click', (event) => play(link, event));
}
