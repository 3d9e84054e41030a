// The compare tray: the "Compare" boxes on result cards and profiles are plain checkboxes of a GET
// form to /compare (that is the whole feature without JavaScript). Here the picks are kept for the
// visit (sessionStorage: gone when the tab closes, never sent anywhere) so a visitor can pick
// across result pages and profiles, and a tray shows "Compare 3".
export {};

interface Pick {
  slug: string;
  name: string;
}

const KEY = 'concord.compare';
const MAX = 4;
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

function load(): Pick[] {
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((p): p is Pick => !!p && typeof p.slug === 'string' && SLUG.test(p.slug) && typeof p.name === 'string')
      .slice(0, MAX);
  } catch {
    return [];
  }
}

function save(picks: Pick[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(picks));
  } catch {
    // Storage refused (private mode, full): the picks still work on this page.
  }
}

let picks = load();

// On a comparison, the picks become the mediators shown (a shared link opened, one removed).
const current = document.querySelector<HTMLElement>('[data-compare-current]');
if (current) {
  try {
    const shown: unknown = JSON.parse(current.dataset.compareCurrent ?? '[]');
    if (Array.isArray(shown)) picks = shown.filter((p): p is Pick => !!p && typeof p.slug === 'string' && SLUG.test(p.slug) && typeof p.name === 'string').slice(0, MAX);
    save(picks);
  } catch {
    // A page we did not make: leave the picks as they were.
  }
}

const boxes = [...document.querySelectorAll<HTMLInputElement>('input[data-compare-pick]')];

const tray = document.createElement('div');
tray.className = 'compare-tray';
tray.setAttribute('role', 'region');
tray.setAttribute('aria-label', 'Mediators to compare');
const message = document.createElement('p');
message.className = 'compare-tray-message';
message.setAttribute('aria-live', 'polite');
const link = document.createElement('a');
link.className = 'button';
const clear = document.createElement('button');
clear.type = 'button';
clear.className = 'button button-secondary';
clear.textContent = 'Clear';
const actions = document.createElement('div');
actions.className = 'compare-tray-actions';
actions.append(link, clear);
tray.append(message, actions);

function render(): void {
  for (const box of boxes) box.checked = picks.some((p) => p.slug === box.value);
  link.textContent = `Compare ${picks.length}`;
  link.href = `/compare?m=${picks.map((p) => encodeURIComponent(p.slug)).join(',')}`;
  link.setAttribute('aria-label', `Compare ${picks.length} mediators: ${picks.map((p) => p.name).join(', ')}`);
  // The tray shows on pages with boxes, once something is picked; a comparison page has its own table.
  tray.hidden = current !== null || picks.length === 0;
  document.body.classList.toggle('has-compare-tray', !tray.hidden);
}

function say(text: string): void {
  message.textContent = text;
}

if (boxes.length) {
  // The tray does what the forms' buttons did, for picks from every page of the visit.
  for (const form of document.querySelectorAll<HTMLElement>('[data-compare-form] button[type="submit"]')) form.hidden = true;
  for (const hint of document.querySelectorAll<HTMLElement>('[data-compare-form] .muted')) hint.hidden = true;
  document.body.append(tray);

  for (const box of boxes) {
    box.addEventListener('change', () => {
      const slug = box.value;
      if (box.checked) {
        if (picks.length >= MAX) {
          box.checked = false;
          say(`You can compare up to ${MAX} mediators at a time. Untick one to add ${box.dataset.name ?? 'another'}.`);
          return;
        }
        if (!picks.some((p) => p.slug === slug)) picks.push({ slug, name: box.dataset.name ?? slug });
        say(`${box.dataset.name ?? 'Mediator'} added to the comparison.`);
      } else {
        picks = picks.filter((p) => p.slug !== slug);
        say(`${box.dataset.name ?? 'Mediator'} removed from the comparison.`);
      }
      save(picks);
      render();
    });
  }

  clear.addEventListener('click', () => {
    picks = [];
    save(picks);
    say('The comparison is empty.');
    render();
  });
}

render();
