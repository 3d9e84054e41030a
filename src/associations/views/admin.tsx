import { AreaNav } from '../../web/area-nav.tsx';
import { CsrfField, ErrorSummary, PostButton } from '../../web/forms.tsx';
import { ImageField, TextArea, TextField } from '../../web/fields.tsx';
import type { FieldProblem } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { plural } from '../../web/format.ts';
import type { MembershipState } from '../../db/schema.ts';
import type { Association, AssociationAdmin, AssociationSummary } from '../queries.ts';
import type { DeletionScope } from '../service.ts';
import { ASSOCIATION_LIMITS, MIN_CONTRAST, type AssociationInput } from '../schema.ts';
import { LOGO_BOX } from '../logos.ts';

/** The admins' association pages: the list with the add form, and one association's page. */

export type AssociationTyped = Record<keyof AssociationInput, string>;

export const NEW_ASSOCIATION: AssociationTyped = { name: '', description: '', website: '', criteria: '', color_primary: '#0b5d6b', color_accent: '#e3f1f3' };

export type AssociationNotice = 'deleted' | 'created' | 'saved' | 'logo_saved' | 'logo_removed' | 'panel_added' | 'panel_renamed' | 'panel_removed' | 'admin_added' | 'admin_removed';
export const ASSOCIATION_NOTICES: Record<AssociationNotice, string> = {
  deleted: 'The association is deleted, with its memberships, panels, admins’ roles and featured places. The audit log keeps what it was.',
  created: 'The association is created. Add its logo, panels and admins below.',
  saved: 'Saved. Its page shows the changes at once.',
  logo_saved: 'The logo is saved.',
  logo_removed: 'The logo is removed.',
  panel_added: 'The panel is added.',
  panel_renamed: 'The panel is renamed. Its address in search filters stays the same.',
  panel_removed: 'The panel is removed. Its members stay in the association.',
  admin_added: 'The account is now one of the association’s admins.',
  admin_removed: 'The account is no longer one of the association’s admins.',
};

function Notice({ text }: { text: string | null }): JSX.Element {
  return text ? (
    <p class="notice" role="status" safe>
      {text}
    </p>
  ) : (
    <></>
  );
}

function AssociationFields({ typed, problems }: { typed: AssociationTyped; problems: FieldProblem[] }): JSX.Element {
  const L = ASSOCIATION_LIMITS;
  return (
    <>
      <TextField name="name" label="Name" value={typed.name} problems={problems} maxlength={L.name} required hint="Its address is made from the name, like /associations/southern-california-mediation-association, and stays the same if you rename it." />
      <TextArea name="description" label="Description" value={typed.description} problems={problems} maxlength={L.description} rows={5} hint="What the association is and does, shown at the top of its page." />
      <TextArea name="criteria" label="Admission criteria" value={typed.criteria} problems={problems} maxlength={L.criteria} rows={4} hint="Who may join, in the association’s words." />
      <TextField name="website" label="Website (optional)" value={typed.website} problems={problems} maxlength={L.website} hint="A full address, like https://scma.example.org." />
      <TextField name="color_primary" label="Main colour" value={typed.color_primary} problems={problems} maxlength={7} required hint={`# and six hexadecimal digits, like #0b5d6b. White text is set on it, so it must be dark enough (contrast at least ${MIN_CONTRAST}:1).`} />
      <TextField name="color_accent" label="Background colour" value={typed.color_accent} problems={problems} maxlength={7} required hint="A light colour behind the association’s page, like #e3f1f3." />
    </>
  );
}

export function AssociationsAdminPage(v: { csrf: string; associations: AssociationSummary[]; typed: AssociationTyped; problems: FieldProblem[]; notice?: string | null }): JSX.Element {
  return (
    <Layout title="Associations" section="account" noindex>
      <AreaNav area="admin" current="associations" />
      <h1>Associations</h1>
      <Notice text={v.notice ?? null} />
      <ErrorSummary problems={v.problems} />
      {v.associations.length ? (
        <ul class="association-admin-list">
          {v.associations.map((a) => (
            <li>
              <a href={`/admin/associations/${a.id}`} safe>
                {a.name}
              </a>{' '}
              <span class="muted" safe>
                {`${plural(a.memberCount, 'listed member')} · /associations/${a.slug}`}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>There are no associations yet.</p>
      )}
      <section class="panel" aria-labelledby="add-title">
        <h2 id="add-title">Add an association</h2>
        <form method="post" action="/admin/associations" novalidate>
          <CsrfField token={v.csrf} />
          <AssociationFields typed={v.typed} problems={v.problems} />
          <button class="button" type="submit">
            Add association
          </button>
        </form>
      </section>

    </Layout>
  );
}

export interface AssociationAdminView {
  csrf: string;
  association: Association;
  admins: AssociationAdmin[];
  typed: AssociationTyped;
  problems: FieldProblem[];
  notice: string | null;
}

export function AssociationAdminPage(v: AssociationAdminView): JSX.Element {
  const a = v.association;
  const base = `/admin/associations/${a.id}`;
  const problemOf = (field: string) => v.problems.find((p) => p.field === field)?.message;
  return (
    <Layout title={`Association: ${a.name}`} section="account" noindex>
      <AreaNav area="admin" current="associations" />
      <p>
        <a href="/admin/associations">All associations</a>
      </p>
      <h1 safe>{a.name}</h1>
      <p>
        Its page: <a href={`/associations/${a.slug}`} safe>{`/associations/${a.slug}`}</a>
      </p>
      <Notice text={v.notice} />
      <ErrorSummary problems={v.problems} />

      <section class="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <form method="post" action={base} novalidate>
          <CsrfField token={v.csrf} />
          <AssociationFields typed={v.typed} problems={v.problems} />
          <button class="button" type="submit">
            Save
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="logo-title">
        <h2 id="logo-title">Logo</h2>
        {a.logoUrl ? <img class="association-logo" src={a.logoUrl} alt={`${a.name} logo`} width={String(LOGO_BOX.width)} height={String(LOGO_BOX.height)} /> : <p>No logo yet.</p>}
        <form method="post" action={`${base}/logo`} enctype="multipart/form-data" novalidate>
          <CsrfField token={v.csrf} />
          <ImageField name="logo" label="Upload a logo" hint={`A PNG, JPEG or WebP image (not SVG); it is shown whole inside ${LOGO_BOX.width} × ${LOGO_BOX.height} pixels.`} error={problemOf('logo')} />
          <button class="button" type="submit">
            Upload logo
          </button>
        </form>
        {a.logoUrl ? <PostButton action={`${base}/logo/delete`} csrf={v.csrf} label="Remove the logo" secondary /> : ''}
      </section>

      <section class="panel" aria-labelledby="panels-title">
        <h2 id="panels-title">Panels</h2>
        <p>Named lists within the association, like a court panel or a reduced-fee programme. Its admins put members on them.</p>
        <ul class="association-panels-admin">
          {a.panels.map((p) => (
            <li>
              <form method="post" action={`${base}/panels/${p.id}`} class="panel-rename" novalidate>
                <CsrfField token={v.csrf} />
                <label for={`panel-${p.id}`}>
                  Panel name <span class="muted" safe>{`(panel=${p.slug})`}</span>
                </label>
                <input id={`panel-${p.id}`} name="name" type="text" value={p.name} maxlength={ASSOCIATION_LIMITS.panelName} required />
                <button class="button button-secondary" type="submit">
                  Rename<span class="visually-hidden" safe>{` ${p.name}`}</span>
                </button>
              </form>
              <PostButton action={`${base}/panels/${p.id}/delete`} csrf={v.csrf} label={`Remove ${p.name}`} secondary />
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/panels`} novalidate>
          <CsrfField token={v.csrf} />
          <TextField name="panel_name" label="New panel" value="" problems={v.problems} maxlength={ASSOCIATION_LIMITS.panelName} />
          <button class="button" type="submit">
            Add panel
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="admins-title">
        <h2 id="admins-title">The association’s admins</h2>
        <p>They manage its roster and panels. Name an existing account by its email address.</p>
        {v.admins.length ? (
          <ul>
            {v.admins.map((u) => (
              <li>
                <span safe>{u.email}</span> <PostButton action={`${base}/admins/${u.userId}/delete`} csrf={v.csrf} label={`Remove ${u.email}`} secondary />
              </li>
            ))}
          </ul>
        ) : (
          <p>No admins yet.</p>
        )}
        <form method="post" action={`${base}/admins`} novalidate>
          <CsrfField token={v.csrf} />
          <TextField name="email" label="Email address" value="" problems={v.problems} maxlength={ASSOCIATION_LIMITS.email} autocomplete="off" />
          <button class="button" type="submit">
            Name admin
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="delete-title">
        <h2 id="delete-title">Delete the association</h2>
        <p>Its page, roster, panels and directory go. You will see what goes before anything is deleted.</p>
        <a class="button button-secondary" href={`${base}/delete`}>
          <span safe>{`Delete ${a.name}…`}</span>
        </a>
      </section>
    </Layout>
  );
}

const STATE_WORDS: Record<MembershipState, [string, string]> = {
  member: ['membership', 'memberships'],
  applied: ['application', 'applications'],
  invited: ['unanswered invitation', 'unanswered invitations'],
  declined: ['declined application or invitation', 'declined applications and invitations'],
  removed: ['removed member’s record', 'removed members’ records'],
  left: ['former member’s record', 'former members’ records'],
};

/** The confirm page: what deleting takes with it, in numbers and names, and the one button. */
export function DeleteAssociationPage({ csrf, association: a, scope }: { csrf: string; association: Association; scope: DeletionScope }): JSX.Element {
  const base = `/admin/associations/${a.id}`;
  const states = (Object.keys(STATE_WORDS) as MembershipState[]).filter((s) => scope.memberships[s]);
  const lines: string[] = [
    ...(scope.waitingInvitations ? [plural(scope.waitingInvitations, 'invitation waiting for a profile', 'invitations waiting for a profile')] : []),
    scope.panels.length ? `Its panels: ${scope.panels.join(', ')}.` : 'It has no panels.',
    scope.admins.length ? `Its admins lose their role here: ${scope.admins.join(', ')}.` : 'It has no admins.',
    scope.activeGrants ? `${plural(scope.activeGrants, 'featured place', 'featured places')} it granted in its own directory end now.` : 'It has granted no featured place that is running.',
    ...(a.logoUrl ? ['Its logo’s files.'] : []),
    scope.taggedPieces ? `Its tag on ${plural(scope.taggedPieces, 'piece')} of the publication. The pieces stay.` : 'No piece of the publication is tagged with it.',
  ];
  return (
    <Layout title={`Delete ${a.name}?`} section="account" noindex>
      <AreaNav area="admin" current="associations" />
      <p>
        <a href={base} safe>{`Back to ${a.name}`}</a>
      </p>
      <h1 safe>{`Delete ${a.name}?`}</h1>
      <p class="lead">This cannot be undone. The audit log keeps a record of what it was.</p>
      <section class="panel" aria-labelledby="goes-title">
        <h2 id="goes-title">What goes</h2>
        <ul class="deletion-list">
          <li safe>{`Its page /associations/${a.slug}, its directory and its embed.`}</li>
          {states.map((s) => (
            <li safe>{plural(scope.memberships[s]!, ...STATE_WORDS[s])}</li>
          ))}
          {lines.map((line) => (
            <li safe>{line}</li>
          ))}
        </ul>
        <p>The mediators keep their profiles and their other memberships.</p>
      </section>
      <form method="post" action={`${base}/delete`}>
        <CsrfField token={csrf} />
        <div class="button-row">
          <button class="button button-danger" type="submit" safe>
            {`Delete ${a.name}`}
          </button>
          <a class="button button-secondary" href={base}>
            Keep it
          </a>
        </div>
      </form>
    </Layout>
  );
}
