import { clientScript } from '../../web/client.ts';
import { COMPARE_MAX } from '../compare.ts';

/**
 * The "Compare" boxes and their forms, on result cards and profiles. Each box is a plain checkbox
 * of a GET form to /compare, so ticking a few and pressing "Compare" works without JavaScript;
 * compare.js keeps the picks for the visit across pages and shows them in a tray.
 */

/** The form the results page's "Compare" boxes belong to (by their form attribute). */
export const COMPARE_FORM_ID = 'compare-picks';

/** The tray script, for every page with Compare boxes and for the comparison itself. */
export const COMPARE_SCRIPTS = [clientScript('compare')];

/** A "Compare" box; on result cards it belongs to the results page's CompareForm by `form`. */
export function ComparePick({ slug, name, form }: { slug: string; name: string; form?: string }): JSX.Element {
  return (
    <label class="compare-pick">
      <input type="checkbox" name="m" value={slug} form={form} data-compare-pick data-name={name} /> Compare<span class="visually-hidden" safe>{` ${name}`}</span>
    </label>
  );
}

/** The results page's compare form: its boxes sit on the cards and name it; pressing the button compares the ticked ones. */
export function CompareForm({ newTab = false }: { newTab?: boolean }): JSX.Element {
  return (
    // In another site's frame the comparison opens in a new tab (it reads the visitor's last place from a cookie).
    <form id={COMPARE_FORM_ID} class="compare-form" action="/compare" method="get" target={newTab ? '_blank' : undefined} data-compare-form>
      <button class="button button-secondary" type="submit">
        Compare ticked mediators
      </button>{' '}
      <span class="muted">Tick “Compare” on up to {COMPARE_MAX} mediators, then press the button.</span>
    </form>
  );
}

/** The profile's own compare form: one box and a button. */
export function ProfileCompareForm({ slug, name }: { slug: string; name: string }): JSX.Element {
  return (
    <form class="compare-form compare-form-profile" action="/compare" method="get" data-compare-form>
      <ComparePick slug={slug} name={name} />{' '}
      <button class="button button-secondary" type="submit">
        Compare
      </button>
    </form>
  );
}
