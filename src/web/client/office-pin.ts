// On the dashboard's office fields: a small map whose pin the member can drag to their door; the
// pin writes the hidden lat/lon inputs. Without this script (or Leaflet) the server places the
// office from its postal code or city, so nothing depends on it. The map, and so the tile server,
// waits for the member to ask, as on the public pages (map.ts), and shares their setting for the
// visit.
import type * as Leaflet from 'leaflet';

export {};

declare global {
  interface Window {
    L?: typeof Leaflet;
  }
}

function setup(box: HTMLElement): void {
  const L = window.L;
  const group = box.closest<HTMLElement>('[data-office]');
  const lat = group?.querySelector<HTMLInputElement>('input[data-pin="lat"]');
  const lon = group?.querySelector<HTMLInputElement>('input[data-pin="lon"]');
  if (!L || !group || !lat || !lon) return;
  // Typing a new place drops the old pin: the server places the office afresh on saving.
  for (const input of group.querySelectorAll<HTMLInputElement>('input[data-place]')) {
    input.addEventListener('change', () => {
      lat.value = '';
      lon.value = '';
      box.hidden = true;
      group.querySelector('.map-offer')?.remove();
    });
  }
  const at = { lat: Number(lat.value), lng: Number(lon.value) };
  if (!lat.value || !lon.value || !Number.isFinite(at.lat) || !Number.isFinite(at.lng)) return;

  const offer = document.createElement('p');
  offer.className = 'map-offer';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button-secondary';
  button.textContent = 'Place the pin on a map';
  const hint = document.createElement('span');
  hint.className = 'hint';
  hint.textContent = ` Map images come from ${box.dataset.tileHost ?? 'an outside map server'}.`;
  offer.append(button, hint);
  box.before(offer);
  const draw = () => {
    offer.remove();
    rememberMap();
    drawPin(box, L, at, lat, lon);
  };
  button.addEventListener('click', draw);
  if (mapWanted()) draw();
}

/** The public pages' "Show map" setting for the visit (map.ts); storage can be refused. */
const SETTING = 'concord.map';
function mapWanted(): boolean {
  try {
    return sessionStorage.getItem(SETTING) === 'shown';
  } catch {
    return false;
  }
}
function rememberMap(): void {
  try {
    sessionStorage.setItem(SETTING, 'shown');
  } catch {
    // Not kept: the member presses the button again next time.
  }
}

function drawPin(box: HTMLElement, L: typeof Leaflet, at: { lat: number; lng: number }, lat: HTMLInputElement, lon: HTMLInputElement): void {
  box.hidden = false;
  const canvas = document.createElement('div');
  canvas.className = 'map-canvas';
  box.append(canvas);
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = 'Drag the pin to where your office is, then save. You can also use the arrow keys when the pin is focused.';
  box.after(note);
  const map = L.map(canvas, { scrollWheelZoom: false }).setView(at, 15);
  L.tileLayer(box.dataset.tiles ?? '', { attribution: box.dataset.attribution ?? '', maxZoom: 18 }).addTo(map);
  const pin = L.marker(at, { draggable: true, keyboard: true, title: 'Office position', alt: 'Office position' }).addTo(map);
  const write = () => {
    const p = pin.getLatLng();
    lat.value = p.lat.toFixed(6);
    lon.value = p.lng.toFixed(6);
  };
  pin.on('dragend', write);
  // Arrow keys move a focused pin a few metres, for people who cannot drag.
  pin.getElement()?.addEventListener('keydown', (e) => {
    const step = 0.0002;
    const d = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] }[e.key];
    if (!d) return;
    e.preventDefault();
    const p = pin.getLatLng();
    pin.setLatLng([p.lat + d[0]!, p.lng + d[1]!]);
    write();
  });
}

document.querySelectorAll<HTMLElement>('[data-office-pin]').forEach(setup);
