// The results filters. On wide screens they are a sidebar: browsers that support
// ::details-content show it open with CSS alone; this opens the <details> for the others.
//
// When a filter changes, the results follow without a page load: the page for the form's new
// address is fetched, its results, map and headings replace ours, the address bar shows the
// new address (so it can still be shared or bookmarked) and a polite live region reads out the
// count. Without this script the "Show N mediators" button submits the same GET form.
export {};

const wide = window.matchMedia('(min-width: 56em)');
const details = document.querySelector<HTMLDetailsElement>('details.filters');
if (details && wide.matches) details.open = true;

const form = document.querySelector<HTMLFormElement>('form[data-live-filters]');
const status = document.querySelector<HTMLElement>('[data-results-status]');
let inFlight: AbortController | null = null;

/** The form's fields as the GET address the form would go to, empty fields left out as the browser would not. */
function addressOf(f: HTMLFormElement): string {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(f)) {
    if (typeof value === 'string' && value.trim() !== '') query.append(name, value);
  }
  const search = query.toString();
  return `${new URL(f.action, location.href).pathname}${search ? `?${search}` : ''}`;
}

/** Our part of the page named `name`, and the same part of the fetched page. */
function parts(next: Document): [Element, Element][] {
  const pairs: [Element, Element][] = [];
  for (const mine of document.querySelectorAll('[data-results-part]')) {
    const theirs = next.querySelector(`[data-results-part="${mine.getAttribute('data-results-part')}"]`);
    if (theirs) pairs.push([mine, theirs]);
  }
  return pairs;
}

async function update(f: HTMLFormElement): Promise<void> {
  const address = addressOf(f);
  inFlight?.abort();
  const controller = (inFlight = new AbortController());
  const main = document.querySelector<HTMLElement>('[data-results-part="main"]');
  main?.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(address, { headers: { accept: 'text/html' }, signal: controller.signal });
    const next = new DOMParser().parseFromString(await response.text(), 'text/html');
    const pairs = parts(next);
    // Not a results page (a place not found, a mistake in a field): go there as the form would.
    if (!response.ok || pairs.length < 3) {
      location.assign(address);
      return;
    }
    for (const [mine, theirs] of pairs) {
      const fresh = document.importNode(theirs, true);
      mine.replaceWith(fresh);
      fresh.dispatchEvent(new CustomEvent('concord:results-replaced', { bubbles: true }));
    }
    // The summary line ("2 on") and the button ("Show 12 mediators") follow the new count.
    for (const selector of ['details.filters > summary', '.filters-actions']) {
      const mine = document.querySelector(selector);
      const theirs = next.querySelector(selector);
      if (mine && theirs) mine.replaceChildren(...[...theirs.childNodes].map((n) => document.importNode(n, true)));
    }
    document.title = next.title;
    history.replaceState(history.state, '', address);
    if (status) status.textContent = next.querySelector('[data-results-count]')?.textContent?.trim() ?? '';
  } catch (error) {
    if ((error as Error).name !== 'AbortError') location.assign(address);
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      document.querySelector('[data-results-part="main"]')?.removeAttribute('aria-busy');
    }
  }
}

if (form) {
  form.addEventListener('change', (event) => {
    const field = event.target;
    // Typed fields (place, keywords, fee) wait for Enter or the button: a half-typed place
    // would fetch a "not found" page.
    if (field instanceof HTMLInputElement && field.type !== 'checkbox' && field.type !== 'radio') return;
    void update(form);
  });
}
