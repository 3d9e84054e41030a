// On the dashboard's office fields: a small map whose pin the member can drag to their door; the
// pin writes the hidden lat/lon inputs. Without this script (or Leaflet) the server places the
// office from its postal code or city, so nothing depends on it.
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
    });
  }
  const at = { lat: Number(lat.value), lng: Number(lon.value) };
  if (!lat.value || !lon.value || !Number.isFinite(at.lat) || !Number.isFinite(at.lng)) return;

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
