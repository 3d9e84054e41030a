// Place suggestions under the "near" box: the WAI-ARIA 1.2 combobox pattern (a text box with a
// list box popup), filled from /api/v1/locations as the visitor types. Without this script the
// box is a plain text field and the server resolves whatever was typed.
export {};

interface Place {
  label: string;
}

interface LocationAnswer {
  place: Place | null;
  candidates: Place[];
  myLocation?: boolean;
}

interface Option {
  label: string;
  /** "Use my location": asks the browser, through the form's locate button (locate.ts). */
  locate: boolean;
}

const MAX_OPTIONS = 8;
const DELAY_MS = 250;

function enhance(input: HTMLInputElement, n: number): void {
  const form = input.form;
  const locateButton = form?.querySelector<HTMLButtonElement>('button[data-locate]') ?? null;
  const list = document.createElement('ul');
  list.id = `place-options-${n}`;
  list.className = 'place-options';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Places');
  list.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  const box = document.createElement('div');
  box.className = 'place-input';
  input.replaceWith(box);
  box.append(input, list, status);

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  // The browser's own autofill list would cover ours.
  input.setAttribute('autocomplete', 'off');

  let options: Option[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Answers can arrive out of order: only the latest request's answer is shown.
  let latest = 0;

  const optionId = (i: number) => `${list.id}-${i}`;

  function show(): void {
    list.replaceChildren(
      ...options.map((o, i) => {
        const li = document.createElement('li');
        li.id = optionId(i);
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = o.label;
        if (o.locate) li.className = 'place-option-locate';
        li.addEventListener('click', () => choose(i));
        return li;
      }),
    );
    active = -1;
    input.removeAttribute('aria-activedescendant');
    list.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
  }

  function close(): void {
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function highlight(i: number): void {
    if (list.hidden) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    active = i;
    list.querySelectorAll('li').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    input.setAttribute('aria-activedescendant', optionId(i));
    document.getElementById(optionId(i))?.scrollIntoView({ block: 'nearest' });
  }

  function choose(i: number): void {
    const o = options[i];
    close();
    if (!o) return;
    if (o.locate) {
      input.value = '';
      locateButton?.click();
      return;
    }
    input.value = o.label;
    status.textContent = `${o.label}. Press Enter to search.`;
  }

  async function lookUp(): Promise<void> {
    const q = input.value.trim();
    const request = ++latest;
    if (q.length < 2) {
      options = [];
      show();
      return;
    }
    let answer: LocationAnswer | null = null;
    try {
      const res = await fetch(`/api/v1/locations?q=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
      // 404 still carries spellings that come close; other failures offer nothing.
      if (res.ok || res.status === 404) answer = (await res.json()) as LocationAnswer;
    } catch {
      answer = null;
    }
    if (request !== latest) return;
    const canLocate = locateButton !== null && !locateButton.hidden;
    // One place and no other it could be: nothing to choose, so no list over the form's buttons.
    const single = answer?.place && answer.candidates.length === 0 ? answer.place : null;
    if (answer?.myLocation) {
      options = canLocate ? [{ label: 'Use my location', locate: true }] : [];
    } else if (single) {
      options = [];
    } else {
      const seen = new Set<string>();
      options = [...(answer?.place ? [answer.place] : []), ...(answer?.candidates ?? [])]
        .filter((p) => !seen.has(p.label) && seen.add(p.label))
        .slice(0, MAX_OPTIONS)
        .map((p) => ({ label: p.label, locate: false }));
    }
    show();
    status.textContent = options.length
      ? `${options.length} ${options.length === 1 ? 'suggestion' : 'suggestions'}. Use the up and down arrow keys to choose, then Enter.`
      : single
        ? `Found ${single.label}.`
        : answer?.myLocation
          ? 'Your browser cannot share a location here: type a ZIP or postal code, or a city.'
          : '';
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    // Suggestions for what was typed before are no help once the box is cleared.
    if (input.value.trim().length < 2) {
      latest++;
      options = [];
      show();
      return;
    }
    timer = setTimeout(() => void lookUp(), DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown':
        if (!count) return;
        event.preventDefault();
        highlight(active < 0 || list.hidden ? 0 : (active + 1) % count);
        break;
      case 'ArrowUp':
        if (!count) return;
        event.preventDefault();
        highlight(active <= 0 || list.hidden ? count - 1 : active - 1);
        break;
      case 'Enter':
        // With a suggestion highlighted, Enter takes it; otherwise the form is sent as typed.
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(active);
        }
        break;
      case 'Escape':
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
        break;
      case 'Tab':
        close();
        break;
    }
  });

  // A click on a suggestion must not blur the box first (that would close the list under the pointer).
  list.addEventListener('mousedown', (event) => event.preventDefault());
  input.addEventListener('blur', close);
}

document.querySelectorAll<HTMLInputElement>('input[data-place-input]').forEach(enhance);
