// On the editors' schedule form: when the editor has not chosen a time zone yet, choose the
// browser's, and show the suggested time and "now" in it. Without this script the form says
// it uses UTC, and the editor can choose the zone from the list themselves.

export {};

const select = document.querySelector<HTMLSelectElement>('select[data-zone-default="browser"]');
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

if (select && zone && zone !== select.value && [...select.options].some((o) => o.value === zone)) {
  select.value = zone;
  const form = select.form;
  const two = (n: number) => String(n).padStart(2, '0');
  const wall = (iso: string) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(new Date(iso))
        .map((x) => [x.type, Number(x.value)]),
    );
    return `${p.year}-${two(p.month!)}-${two(p.day!)}T${two(p.hour!)}:${two(p.minute!)}`;
  };
  // Only a time the server suggested moves with the zone; one the editor typed stays as typed.
  const input = form?.querySelector<HTMLInputElement>('input[data-instant]');
  if (input?.dataset.instant && input.value === input.defaultValue) input.value = wall(input.dataset.instant);
  const label = zone.replace(/_/g, ' ');
  const hint = form?.querySelector<HTMLElement>('[data-zone-hint]');
  if (hint) hint.textContent = `Your browser's time zone, ${label}. Choose another if you mean it; we remember it for next time.`;
  const nowHint = input ? document.getElementById(`${input.id}-hint`) : null;
  if (nowHint && select.dataset.now) {
    const now = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(select.dataset.now));
    nowHint.textContent = `Date and time in the time zone below. Now it is ${now} (${label}).`;
  }
}
