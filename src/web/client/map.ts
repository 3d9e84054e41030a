// Maps on results and profile pages, drawn only when the visitor presses "Show map": Leaflet and
// the tile server are asked for nothing before that. The choice is kept for the visit in
// sessionStorage (first party, gone when the tab closes), so the next page shows its map at once.
// The page is complete without this script: every mediator on the map is also in the list, so
// when Leaflet or the tiles fail we say so and stop.
import type * as Leaflet from 'leaflet';

interface MarkerData {
  lat: number;
  lon: number;
  label: string;
  href?: string;
  detail?: string;
}

declare global {
  interface Window {
    L?: typeof Leaflet;
  }
}

const SETTING = 'concord.map';
const FAILED = 'The map could not be loaded.';
const NO_TILES = 'Map images could not be loaded, so only the markers are shown.';

/** Storage can be refused (private modes, blocked storage): then the choice lasts for the page. */
function mapWanted(): boolean {
  try {
    return sessionStorage.getItem(SETTING) === 'shown';
  } catch {
    return false;
  }
}

function rememberMap(shown: boolean): void {
  try {
    if (shown) sessionStorage.setItem(SETTING, 'shown');
    else sessionStorage.removeItem(SETTING);
  } catch {
    // Not kept: the visitor presses the button again on the next page.
  }
}

let leaflet: Promise<void> | null = null;

/** Leaflet's stylesheet and script, from this site, once; both loaded before drawing (its icons come from the CSS). */
function loadLeaflet(): Promise<void> {
  leaflet ??= new Promise<void>((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/assets/leaflet/leaflet.css';
    const js = document.createElement('script');
    js.src = '/assets/leaflet/leaflet.js';
    let pending = 2;
    const done = () => {
      if (--pending === 0) resolve();
    };
    css.addEventListener('load', done);
    js.addEventListener('load', done);
    css.addEventListener('error', () => reject(new Error('leaflet.css')));
    js.addEventListener('error', () => reject(new Error('leaflet.js')));
    document.head.append(css, js);
  });
  return leaflet;
}

/** The note says what failed, then where the same information is (data-fallback, from the page). */
function showNote(container: HTMLElement, problem: string): void {
  const text = `${problem} ${container.dataset.fallback ?? 'Everything on the map is also written on this page.'}`;
  let note = container.querySelector<HTMLElement>('.map-note');
  if (!note) {
    note = document.createElement('p');
    note.className = 'map-note';
    container.append(note);
  }
  note.textContent = text;
}

function readMarkers(container: HTMLElement): MarkerData[] {
  const parsed: unknown = JSON.parse(container.dataset.markers ?? '[]');
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (m): m is MarkerData =>
      typeof m === 'object' && m !== null && Number.isFinite(m.lat) && Number.isFinite(m.lon) && typeof m.label === 'string',
  );
}

// Built from DOM nodes, not an HTML string, so names and places are always text.
// In the embedded directory (data-new-tab) a profile opens in a new tab, as the cards' links do.
function popup(m: MarkerData, newTab: boolean): HTMLElement {
  const box = document.createElement('div');
  const title = document.createElement(m.href ? 'a' : 'strong');
  title.textContent = m.label;
  if (m.href && title instanceof HTMLAnchorElement) {
    title.href = m.href;
    if (newTab) Object.assign(title, { target: '_blank', rel: 'noopener' });
  }
  box.append(title);
  if (m.detail) {
    const line = document.createElement('div');
    line.textContent = m.detail;
    box.append(line);
  }
  return box;
}

const drawn = new WeakMap<HTMLElement, Leaflet.Map>();

function draw(container: HTMLElement): void {
  const L = window.L;
  const markers = readMarkers(container);
  if (!L) {
    container.classList.add('map-failed');
    showNote(container, FAILED);
    return;
  }
  const canvas = document.createElement('div');
  canvas.className = 'map-canvas';
  container.prepend(canvas);

  // Scroll-wheel zoom off: scrolling the page over the map should scroll the page.
  const map = L.map(canvas, { scrollWheelZoom: false });
  drawn.set(container, map);
  const tiles = L.tileLayer(container.dataset.tiles ?? '', {
    attribution: container.dataset.attribution ?? '',
    maxZoom: 18,
  });
  let loaded = 0;
  let failed = 0;
  tiles.on('tileload', () => {
    loaded += 1;
  });
  tiles.on('tileerror', () => {
    failed += 1;
    if (loaded === 0 && failed >= 3) showNote(container, NO_TILES);
  });
  tiles.addTo(map);

  const layer = L.featureGroup(
    markers.map((m) => L.marker([m.lat, m.lon], { title: m.label, alt: m.label }).bindPopup(popup(m, container.dataset.newTab === '1'))),
  ).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [32, 32], maxZoom: 13 });
}

function show(container: HTMLElement): void {
  container.hidden = false;
  const map = drawn.get(container);
  if (map) {
    map.invalidateSize(); // it was measured while hidden
    return;
  }
  if (container.classList.contains('map-failed')) return;
  loadLeaflet()
    .then(() => {
      if (!drawn.has(container)) draw(container);
    })
    .catch(() => {
      container.classList.add('map-failed');
      showNote(container, FAILED);
    });
}

/** Shows or hides every map on the page, as one setting for the visit. */
function setMaps(shown: boolean): void {
  rememberMap(shown);
  document.documentElement.toggleAttribute('data-map-shown', shown);
  for (const slot of document.querySelectorAll<HTMLElement>('[data-map-slot]')) {
    const container = slot.querySelector<HTMLElement>('[data-map]');
    const button = slot.querySelector<HTMLButtonElement>('[data-map-toggle]');
    if (!container || !button) continue;
    button.textContent = shown ? 'Hide map' : 'Show map';
    button.setAttribute('aria-expanded', String(shown));
    if (shown) show(container);
    else container.hidden = true;
  }
}

function setUp(root: ParentNode): void {
  const slots = root.querySelectorAll<HTMLElement>('[data-map-slot]');
  for (const slot of slots) {
    const offer = slot.querySelector<HTMLElement>('[data-map-offer]');
    const button = slot.querySelector<HTMLButtonElement>('[data-map-toggle]');
    const container = slot.querySelector<HTMLElement>('[data-map]');
    if (!offer || !button || !container || !readMarkers(container).length) continue;
    const hint = offer.querySelector<HTMLElement>('.hint');
    if (hint) {
      hint.id ||= `map-hint-${Math.random().toString(36).slice(2)}`;
      button.setAttribute('aria-describedby', hint.id);
    }
    offer.hidden = false;
    button.addEventListener('click', () => setMaps(button.getAttribute('aria-expanded') !== 'true'));
  }
  if (slots.length) setMaps(mapWanted());
}

setUp(document);
// The live filters (filters.ts) replace the results and their map: set up the new one.
document.addEventListener('concord:results-replaced', (event) => {
  const root = event.target instanceof Element ? event.target : document;
  setUp(root);
});

export {};
