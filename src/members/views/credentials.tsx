import type { OwnCredential } from '../../directory/credentials/review.ts';
import { EVIDENCE_MAX_BYTES } from '../../directory/credentials/evidence.ts';
import { VerifiedBadge } from '../../directory/views/components.tsx';
import { AreaNav } from '../../web/area-nav.tsx';
import { formatDate } from '../../web/format.ts';
import { CsrfField, FieldLabel, PageNotice, PostButton } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';

/** The dashboard's Credentials tab: each credential's state, and the form to send evidence for it. */

export const CREDENTIAL_NOTICES = {
  sent: 'Thank you: your evidence is waiting for review. We will mail you the decision, and then delete the file.',
  withdrawn: 'Your evidence was withdrawn and its file deleted.',
} as const;
export type CredentialNotice = keyof typeof CREDENTIAL_NOTICES;

export interface CredentialsView {
  csrf: string;
  hasProfile: boolean;
  credentials: OwnCredential[];
  /** The associations they belong to, which they may name as a credential's issuer. */
  associations: { id: number; name: string }[];
  notice?: string | null;
  /** A refused upload, shown beside its credential's form. */
  problem?: { credentialId: number; message: string } | null;
  now: Date;
}

const RENEW_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

function StateLine({ c }: { c: OwnCredential }): JSX.Element {
  const s = c.state;
  switch (s.kind) {
    case 'none':
      return <p class="credential-state muted">Not verified. Send evidence to have it verified.</p>;
    case 'pending':
      return (
        <p class="credential-state">
          <strong>Waiting for review</strong> since <span safe>{formatDate(s.uploadedAt)}</span>
          {c.issuerAssociation ? (
            <>
              {' '}
              by Concord or <span safe>{c.issuerAssociation.name}</span>
            </>
          ) : (
            ' by Concord'
          )}
          . <a href={`/credentials/evidence/${s.evidenceId}`}>The file you sent</a> ({s.originalName.endsWith('.pdf') ? 'PDF' : 'image'})
        </p>
      );
    case 'verified':
      return (
        <p class="credential-state">
          <VerifiedBadge verification={s.verification} />, until <span safe>{formatDate(s.verification.until)}</span>.
        </p>
      );
    case 'lapsed':
      return (
        <p class="credential-state">
          <strong>Lapsed</strong> on <span safe>{formatDate(s.lapsedAt)}</span>: verified <span safe>{formatDate(s.verifiedAt)}</span> by <span safe>{s.verifier}</span>, a year ago. Send new evidence to renew it.
        </p>
      );
    case 'declined':
      return (
        <p class="credential-state">
          <strong>Not verified</strong> on <span safe>{formatDate(s.at)}</span>. The reason: <span safe>{s.reason}</span>
        </p>
      );
  }
}

export function CredentialsPage(v: CredentialsView): JSX.Element {
  return (
    <Layout title="Your credentials" section="account" noindex>
      <AreaNav area="dashboard" current="credentials" />
      <h1>Your credentials</h1>
      <p>
        Send evidence of a credential (a certificate, a letter) and Concord, or the association that issued it, will check it. A verified credential shows “Verified” with the date and who checked it on your
        profile and in search results, for a year. The file is private: only you, Concord’s admins and the issuing association’s admins can open it, and it is deleted once a decision is made.
      </p>
      <PageNotice text={v.notice} />
      {!v.hasProfile ? (
        <p>
          <a href="/dashboard">Make your profile first</a>, with your credentials.
        </p>
      ) : !v.credentials.length ? (
        <p>
          Your profile lists no credentials yet. <a href="/dashboard#credentials-title">Add them to your profile</a>, then come back here to send evidence.
        </p>
      ) : (
        <ol class="cards credential-list">
          {v.credentials.map((c) => {
            const problem = v.problem?.credentialId === c.id ? v.problem.message : null;
            const canSend = c.state.kind !== 'verified' || Date.parse(c.state.verification.until) - v.now.getTime() <= RENEW_WINDOW_MS;
            const id = `evidence-${c.id}`;
            const options = [['', 'No: Concord checks it'] as const, ...v.associations.map((a) => [String(a.id), a.name] as const)];
            const chosen = c.issuerAssociation ? String(c.issuerAssociation.id) : '';
            return (
              <li class="card" id={`credential-${c.id}`}>
                <h2 safe>{c.title}</h2>
                <p class="muted" safe>
                  {[c.issuer, c.year === null ? null : String(c.year)].filter(Boolean).join(', ') || 'No issuer given'}
                </p>
                <StateLine c={c} />
                {c.state.kind === 'pending' ? (
                  <PostButton action={`/dashboard/credentials/${c.id}/withdraw`} csrf={v.csrf} label="Withdraw the evidence" secondary />
                ) : (
                  ''
                )}
                {canSend ? (
                  <form class="evidence-form" method="post" action={`/dashboard/credentials/${c.id}/evidence`} enctype="multipart/form-data">
                    <CsrfField token={v.csrf} />
                    <div class={problem ? 'field field-invalid' : 'field'}>
                      <FieldLabel
                        id={id}
                        label={c.state.kind === 'pending' ? 'Replace the evidence' : 'Evidence'}
                        hint={`A PDF, or a JPEG, PNG or WebP photo of the document, at most ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB.`}
                        error={problem ?? undefined}
                      />
                      <input
                        id={id}
                        name="evidence"
                        type="file"
                        accept="application/pdf,image/jpeg,image/png,image/webp"
                        aria-invalid={problem ? 'true' : undefined}
                        aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
                      />
                    </div>
                    {v.associations.length ? (
                      <div class="field">
                        <FieldLabel id={`${id}-issuer`} label="Issued by one of your associations?" hint="Its admins can then see the file and verify it." />
                        <select id={`${id}-issuer`} name="issuer_association_id" aria-describedby={`${id}-issuer-hint`}>
                          {options.map(([value, text]) => (
                            <option value={value} selected={value === chosen} safe>
                              {text}
                            </option>
                          ))}
                        </select>
                      </div>
                    ) : (
                      ''
                    )}
                    <div>
                      <button class="button" type="submit">
                        Send for review
                      </button>
                    </div>
                  </form>
                ) : (
                  ''
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Layout>
  );
}
