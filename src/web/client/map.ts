// Draws the maps on results and profile pages. The page is complete without this script: every
// mediator on the map is also in the list, so when Leaflet or the tiles fail we say so and stop.
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

const FAILED = 'The map could not be loaded.';
const NO_TILES = 'Map images could not be loaded, so only the markers are shown.';

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
function popup(m: MarkerData): HTMLElement {
  const box = document.createElement('div');
  const title = document.createElement(m.href ? 'a' : 'strong');
  title.textContent = m.label;
  if (m.href && title instanceof HTMLAnchorElement) title.href = m.href;
  box.append(title);
  if (m.detail) {
    const line = document.createElement('div');
    line.textContent = m.detail;
    box.append(line);
  }
  return box;
}

function draw(container: HTMLElement): void {
  const L = window.L;
  const markers = readMarkers(container);
  if (!markers.length) return;
  container.hidden = false;
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
    markers.map((m) => L.marker([m.lat, m.lon], { title: m.label, alt: m.label }).bindPopup(popup(m))),
  ).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [32, 32], maxZoom: 13 });
}

document.querySelectorAll<HTMLElement>('[data-map]').forEach((container) => {
  try {
    draw(container);
  } catch {
    container.hidden = false;
    container.classList.add('map-failed');
    showNote(container, FAILED);
  }
});

export {};
