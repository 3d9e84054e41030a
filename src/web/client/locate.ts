// "Use my location": fills the search box with the visitor's coordinates and submits the form.
// The button is rendered hidden and only shown when the browser can share a location.
export {};

const MESSAGES: Record<number, string> = {
  1: 'Location sharing is turned off for this site. Type a ZIP or postal code, or a city, instead.',
  2: "We couldn't get your location just now. Type a ZIP or postal code, or a city, instead.",
  3: 'Finding your location took too long. Please try again, or type a place instead.',
};

function setup(button: HTMLButtonElement): void {
  const form = button.form;
  const input = form?.querySelector<HTMLInputElement>('input[name="near"]');
  const status = form?.querySelector<HTMLElement>('[data-locate-status]');
  if (!form || !input || !('geolocation' in navigator)) return;
  button.hidden = false;

  button.addEventListener('click', () => {
    button.disabled = true;
    if (status) status.textContent = 'Finding your location…';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude, longitude } = position.coords;
        input.value = `${latitude.toFixed(4)},${longitude.toFixed(4)}`;
        if (status) status.textContent = 'Searching near your location…';
        form.submit();
      },
      (error) => {
        button.disabled = false;
        if (status) status.textContent = MESSAGES[error.code] ?? MESSAGES[2]!;
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
    );
  });
}

document.querySelectorAll<HTMLButtonElement>('button[data-locate]').forEach(setup);
