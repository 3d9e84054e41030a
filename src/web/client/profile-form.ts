// On the member's profile form: rows added and removed in place (without this script the "Add
// another …" and "Remove …" buttons send the form and it comes back changed, so nothing depends
// on it), the region lists narrowed to the chosen country, and the country and region filled in
// from an office's postal code through /api/v1/locations.

export {};

const SLOT = '__row__';
const form = document.querySelector<HTMLFormElement>('form.profile-form');

/** The region list beside a country list shows only that country's regions (all while none is chosen). */
function syncRegions(country: HTMLSelectElement): void {
  const region = country.closest('.row')?.querySelector<HTMLSelectElement>('select[data-region]');
  if (!region) return;
  const groups = [...region.querySelectorAll<HTMLOptGroupElement>('optgroup[data-country]')];
  const known = groups.some((g) => g.dataset.country === country.value);
  for (const g of groups) {
    const off = country.value !== '' && g.dataset.country !== country.value;
    g.hidden = off;
    g.disabled = off;
  }
  const chosen = region.selectedOptions[0];
  if (chosen?.parentElement instanceof HTMLOptGroupElement && chosen.parentElement.disabled) region.value = '';
  // A country we know no regions of: the list would offer only "None", so it is left out.
  const field = region.closest<HTMLElement>('[data-region-field]');
  if (field) field.hidden = country.value !== '' && !known && region.value === '';
}

function rowsOf(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(':scope > [data-row]')];
}

/** "Office 1", "Office 2", … in the order shown; the field names keep their numbers. */
function renumber(box: HTMLElement): void {
  const kind = box.dataset.rows ?? '';
  const word = kind.charAt(0).toUpperCase() + kind.slice(1);
  rowsOf(box).forEach((row, n) => {
    const legend = row.querySelector('[data-row-legend]');
    if (legend) legend.textContent = `${word} ${n + 1}`;
    const hidden = row.querySelector('[data-row-remove] .visually-hidden');
    if (hidden) hidden.textContent = `${word} ${n + 1}`;
  });
  const add = box.querySelector<HTMLElement>('[data-row-add]');
  if (add) add.hidden = rowsOf(box).length >= Number(box.dataset.max ?? '0');
}

function addRow(box: HTMLElement): void {
  const kind = box.dataset.rows ?? '';
  const template = box.querySelector<HTMLTemplateElement>('template[data-row-template]');
  const first = template?.content.firstElementChild;
  if (!template || !first) return;
  // The next number no field of this kind uses yet.
  let next = 0;
  for (const el of box.querySelectorAll<HTMLInputElement>(`[name^="${kind}_"]`)) {
    const m = new RegExp(`^${kind}_(\\d+)_`).exec(el.name);
    if (m) next = Math.max(next, Number(m[1]) + 1);
  }
  if (next >= Number(box.dataset.max ?? '0')) return;
  const row = first.cloneNode(true) as HTMLElement;
  for (const el of [row, ...row.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (attr.value.includes(SLOT)) attr.value = attr.value.split(SLOT).join(String(next));
    }
  }
  box.querySelector('[data-row-add]')?.before(row);
  renumber(box);
  row.querySelectorAll<HTMLSelectElement>('select[data-country]').forEach(syncRegions);
  row.querySelector<HTMLElement>('input, select')?.focus();
}

function removeRow(row: HTMLElement): void {
  const box = row.parentElement as HTMLElement;
  row.remove();
  renumber(box);
  // Focus goes to the row before, or to the add button, never to the top of the page.
  const rows = rowsOf(box);
  const target = rows.length ? rows[rows.length - 1]!.querySelector<HTMLElement>('[data-row-remove]') : box.querySelector<HTMLElement>('[data-row-add] button');
  target?.focus();
}

async function fillFromPostalCode(input: HTMLInputElement): Promise<void> {
  const row = input.closest<HTMLElement>('[data-row]');
  const note = row?.querySelector<HTMLElement>('[data-postal-found]');
  const country = row?.querySelector<HTMLSelectElement>('select[data-country]');
  const region = row?.querySelector<HTMLSelectElement>('select[data-region]');
  const code = input.value.trim();
  if (!row || !country || !region || code.length < 3) return;
  type Place = { label: string; country: string; region: string };
  let found: Place | null = null;
  try {
    const res = await fetch(`/api/v1/locations?q=${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } });
    found = res.ok ? ((await res.json()) as { place: Place | null }).place : null;
  } catch {
    return;
  }
  const place = found;
  if (!place || input.value.trim() !== code) return;
  if (!country.value && [...country.options].some((o) => o.value === place.country)) {
    country.value = place.country;
    syncRegions(country);
  }
  if (country.value === place.country && !region.value) {
    const option = [...region.querySelectorAll<HTMLOptionElement>(`optgroup[data-country="${place.country}"] option`)].find((o) => o.value === place.region);
    if (option) option.selected = true;
    syncRegions(country);
  }
  if (note) note.textContent = `Found ${place.label}.`;
}

if (form) {
  form.querySelectorAll<HTMLSelectElement>('select[data-country]').forEach(syncRegions);
  form.addEventListener('change', (e) => {
    const t = e.target;
    if (t instanceof HTMLSelectElement && t.matches('[data-country]')) syncRegions(t);
    if (t instanceof HTMLInputElement && t.dataset.place === 'postal') void fillFromPostalCode(t);
  });
  form.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button');
    if (!button) return;
    if (button.name === 'add') {
      const box = form.querySelector<HTMLElement>(`[data-rows="${button.value}"]`);
      if (!box) return;
      e.preventDefault();
      addRow(box);
    } else if (button.matches('[data-row-remove]')) {
      const row = button.closest<HTMLElement>('[data-row]');
      if (!row?.parentElement?.matches('[data-rows]')) return;
      e.preventDefault();
      removeRow(row);
    }
  });
}
