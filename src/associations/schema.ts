import { z } from 'zod';
import { fieldValue, formField, asFormBody } from '../web/form-fields.ts';
import type { Association } from './queries.ts';

// Takes untrusted form bodies from the admins' association pages: every value is bounded and
// checked before it reaches a query or a page (a colour goes into a stylesheet, a website into a link).

export const ASSOCIATION_LIMITS = { name: 120, description: 4000, criteria: 4000, website: 300, panelName: 80, email: 254 } as const;

/** What an association's URL may look like; anything else is a 404 without a database look-up. */
export const ASSOCIATION_SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const text = (max: number, what: string) => formField(z.string().transform((s) => s.replace(/\r\n?/g, '\n').trim()).pipe(z.string().max(max, `Keep the ${what} to ${max} characters or fewer.`)));

/** sRGB relative luminance (WCAG 2.x) of '#rrggbb'. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of white text on this colour (1 to 21). */
export const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);
/** WCAG AA for normal text: the association's name and links are set in white on the main colour. */
export const MIN_CONTRAST = 4.5;

const colour = (what: string) =>
  formField(
    z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.string().regex(/^#[0-9a-f]{6}$/, `Give the ${what} as # and six hexadecimal digits, like #0b5d6b.`)),
  );

const website = formField(
  z
    .string()
    .trim()
    .max(ASSOCIATION_LIMITS.website, `Keep the website to ${ASSOCIATION_LIMITS.website} characters or fewer.`)
    .refine((s) => s === '' || isWebAddress(s), 'Give the website as a full address starting with https:// or http://, like https://scma.example.org.'),
);

/** Only http(s) addresses with a host: a `javascript:` link never reaches a page. */
function isWebAddress(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

export const AssociationForm = z
  .object({
    name: formField(
      z
        .string()
        .transform(oneLine)
        .pipe(z.string().min(1, 'Enter the association’s name.').max(ASSOCIATION_LIMITS.name, `Keep the name to ${ASSOCIATION_LIMITS.name} characters or fewer.`)),
    ),
    description: text(ASSOCIATION_LIMITS.description, 'description'),
    website,
    criteria: text(ASSOCIATION_LIMITS.criteria, 'admission criteria'),
    color_primary: colour('main colour'),
    color_accent: colour('background colour'),
  })
  .superRefine((v, ctx) => {
    if (contrastWithWhite(v.color_primary) < MIN_CONTRAST) {
      ctx.addIssue({
        code: 'custom',
        path: ['color_primary'],
        message: `White text on ${v.color_primary} is too hard to read (contrast ${contrastWithWhite(v.color_primary).toFixed(1)}:1; at least ${MIN_CONTRAST}:1 is needed). Choose a darker main colour.`,
      });
    }
  });

export type AssociationInput = z.infer<typeof AssociationForm>;

/** A saved association as its form's fields: the edit form's first values, and the audit log's before. */
export const associationFields = (a: Pick<Association, 'name' | 'description' | 'website' | 'criteria' | 'colors'>): AssociationInput => ({
  name: a.name,
  description: a.description,
  website: a.website,
  criteria: a.criteria,
  color_primary: a.colors.primary,
  color_accent: a.colors.accent,
});

/** What the admin typed, to show again beside the problems. */
export function typedAssociation(raw: unknown): Record<keyof AssociationInput, string> {
  const body = asFormBody(raw);
  const f = (name: string) => fieldValue(body, name, 5000);
  return { name: f('name'), description: f('description'), website: f('website'), criteria: f('criteria'), color_primary: f('color_primary'), color_accent: f('color_accent') };
}

const panelName = formField(
  z
    .string()
    .transform(oneLine)
    .pipe(z.string().min(1, 'Enter a name for the panel.').max(ASSOCIATION_LIMITS.panelName, `Keep the panel’s name to ${ASSOCIATION_LIMITS.panelName} characters or fewer.`)),
);

/** Renaming a panel (its own small form) and adding one (beside the details form, whose `name` is the association's). */
export const PanelForm = z.object({ name: panelName });
export const NewPanelForm = z.object({ panel_name: panelName });

export const AdminForm = z.object({
  email: formField(
    z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'Enter the email address of the account to name.')
      .max(ASSOCIATION_LIMITS.email, 'That email address is too long.')
      .pipe(z.email({ message: 'Enter an email address like name@example.org.' })),
  ),
});

/** At most this many sites may frame one association's embedded directory. */
export const MAX_FRAME_ORIGINS = 10;

/**
 * One origin allowed to frame the embedded directory, as the CSP's frame-ancestors will name it:
 * `https://host` or `https://host:port`, or a local `http://localhost:port` / `http://127.0.0.1:port`
 * for trying the embed on one's own machine. No path, no wildcard, nothing a CSP source list would
 * read as more than this one origin. The normalised origin, or why not.
 */
export function parseFrameOrigin(typed: string): { ok: true; origin: string } | { ok: false; message: string } {
  const s = typed.trim().toLowerCase().replace(/\/$/, '');
  const bad = (why: string) => ({ ok: false as const, message: `“${typed.trim().slice(0, 80)}” ${why}` });
  if (s.includes('*')) return bad('has a wildcard: name each site’s address in full, like https://scma.example.org.');
  if (!/^https?:\/\/[a-z0-9.:\-\[\]]+$/.test(s)) return bad('is not an address of a site alone: give it as https:// and the host name, with no path, like https://scma.example.org.');
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return bad('is not a web address: give it like https://scma.example.org.');
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && !local) return bad('starts with http://: only https:// addresses may show the directory (http:// only for localhost or 127.0.0.1, for testing).');
  if (!local && !/^([a-z0-9-]+\.)+[a-z0-9-]+$/.test(url.hostname)) return bad('is not a site’s host name: give it like https://scma.example.org.');
  if (url.origin !== s) return bad('is not an address of a site alone: give it as https:// and the host name, with no path, like https://scma.example.org.');
  return { ok: true, origin: url.origin };
}

/** The stored list (one origin a line) as origins; anything that is not one is left out. */
export const frameOriginsOf = (stored: string): string[] =>
  stored
    .split('\n')
    .map(parseFrameOrigin)
    .flatMap((r) => (r.ok ? [r.origin] : []));

export const FrameOriginsForm = z.object({
  frame_origins: formField(
    z
      .string()
      .max(4000, 'That list is too long.')
      .transform((text, ctx) => {
        const lines = text.split(/[\s,]+/).filter(Boolean);
        const origins: string[] = [];
        for (const line of lines) {
          const r = parseFrameOrigin(line);
          if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
          else if (!origins.includes(r.origin)) origins.push(r.origin);
        }
        if (origins.length > MAX_FRAME_ORIGINS) ctx.addIssue({ code: 'custom', message: `Name at most ${MAX_FRAME_ORIGINS} sites.` });
        return origins;
      }),
  ),
});
