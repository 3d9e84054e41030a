import type { Mail } from '../mail/mailer.ts';
import { absoluteUrl } from '../web/layout.tsx';

/** The mails memberships send, as plain text; an admin's note goes in as they typed it. */

const sign = '\n\n— Concord\n';

/** To an invited mediator: to their dashboard when they have a profile, else to make one first. */
export const invitationMail = (publicUrl: string, to: string, association: string, hasProfile: boolean): Mail => ({
  to,
  subject: `${association} invites you to join its directory on Concord`,
  text: hasProfile
    ? `${association} invites you to join it as a member. You can accept or decline the invitation on your dashboard:\n\n${absoluteUrl(publicUrl, '/dashboard/associations')}${sign}`
    : `${association} invites you to join it as a member, with your mediator profile on Concord.\n\n` +
      `Create an account with this address and make your profile (${absoluteUrl(publicUrl, '/signup')}); the invitation then waits for you on your dashboard, where you can accept or decline it:\n\n${absoluteUrl(publicUrl, '/dashboard/associations')}${sign}`,
});

/** To each of the association's admins. */
export const applicationMail = (publicUrl: string, to: string, association: { slug: string; name: string }, mediator: string): Mail => ({
  to,
  subject: `${mediator} applied to join ${association.name}`,
  text: `${mediator} applied to join ${association.name}. You can approve or decline the application on the association's page:\n\n${absoluteUrl(publicUrl, `/associations/${association.slug}/admin`)}${sign}`,
});

export const decisionMail = (publicUrl: string, to: string, association: string, decision: 'approve' | 'decline', note: string): Mail => ({
  to,
  subject: decision === 'approve' ? `You are a member of ${association}` : `${association} declined your application`,
  text:
    (decision === 'approve' ? `${association} approved your application: you are now a member.` : `${association} declined your application.`) +
    (note ? `\n\nTheir note:\n\n${note}` : '') +
    `\n\nYour memberships: ${absoluteUrl(publicUrl, '/dashboard/associations')}${sign}`,
});

export const removalMail = (publicUrl: string, to: string, association: string, reason: string): Mail => ({
  to,
  subject: `${association} removed you from its members`,
  text: `${association} removed you from its members. Their reason:\n\n${reason}\n\nYour memberships: ${absoluteUrl(publicUrl, '/dashboard/associations')}${sign}`,
});
