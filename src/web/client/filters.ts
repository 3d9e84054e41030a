// On wide screens the results filters are a sidebar. Browsers that support ::details-content
// show it open with CSS alone; this opens the <details> for the others.
export {};

const wide = window.matchMedia('(min-width: 56em)');
const filters = document.querySelector<HTMLDetailsElement>('details.filters');
if (filters && wide.matches) filters.open = true;
