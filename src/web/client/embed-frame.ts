// The embedded directory runs in a frame on an association's own site, and a frame cannot size
// itself: this tells the page around it how tall the directory is now (on load, and whenever the
// results, the filters or the window change it). The message carries no secret, so it goes to any
// parent; the loader (embed-loader.ts) believes it only from its own frame and this site's origin.
export {};

if (window.parent !== window) {
  let last = 0;
  const post = (): void => {
    // The body's own height, not the document's: in a frame the document is at least as tall as
    // the frame, so it could grow but never shrink.
    const body = document.body;
    const margin = parseFloat(getComputedStyle(body).marginBottom) || 0;
    const height = Math.ceil(body.getBoundingClientRect().bottom + window.scrollY + margin);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'concord:height', height }, '*');
  };
  new ResizeObserver(post).observe(document.body);
  window.addEventListener('load', post);
  post();
}
