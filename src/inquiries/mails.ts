import type { Mail } from '../mail/mailer.ts';
import { absoluteUrl } from '../web/layout.tsx';
import type { InquiryInput } from './schema.ts';
import { INQUIRY_FORMAT_LABELS } from './types.ts';

/**
 * The mails inquiries send, plain text only: nothing a visitor typed is ever put into HTML here.
 * Single-line fields had their line breaks removed by the form schema, as they go into subjects.
 */

const sign = '\n\n— Concord\n';

export interface InquiryMailFacts {
  mediatorName: string;
  /** The practice area's name, or "Something else". */
  kindLabel: string;
  input: InquiryInput;
}

/** To the member, Reply-To the sender: answering the mail answers the visitor. */
export const inquiryToMediatorMail = (publicUrl: string, to: string, inquiryId: number, f: InquiryMailFacts): Mail => ({
  to,
  replyTo: f.input.email,
  subject: `New inquiry on Concord from ${f.input.name}`,
  text:
    `${f.input.name} sent you a message through your Concord profile.\n\n` +
    `Name: ${f.input.name}\nEmail: ${f.input.email}\nPhone: ${f.input.phone || 'not given'}\n` +
    `Kind of dispute: ${f.kindLabel}\nPlace: ${f.input.place}\nPreferred format: ${INQUIRY_FORMAT_LABELS[f.input.format as keyof typeof INQUIRY_FORMAT_LABELS] ?? f.input.format}\n\n` +
    `Message:\n\n${f.input.message}\n\n` +
    `Reply to this mail to answer ${f.input.name} directly, or reply and keep track of your inquiries on Concord:\n${absoluteUrl(publicUrl, `/dashboard/inquiries/${inquiryId}`)}${sign}`,
});

/**
 * To the sender. It does not repeat their message: otherwise anyone could use the form to send
 * their text to any address with Concord as the sender.
 */
export const inquiryConfirmationMail = (publicUrl: string, f: InquiryMailFacts, demo: boolean): Mail => ({
  to: f.input.email,
  subject: `Your message to ${f.mediatorName} on Concord`,
  text: demo
    ? `You sent a message through Concord to ${f.mediatorName}. This is a demo profile: it belongs to no real mediator, so no one will receive or answer your message.\n\n` +
      `To contact a real mediator, search the directory: ${absoluteUrl(publicUrl, '/mediators')}${sign}`
    : `Thank you. Your message about ${f.kindLabel.toLowerCase()} reached ${f.mediatorName} through Concord. They will answer you at this address; mediators usually reply within a few working days.\n\n` +
      `We don't repeat your message here. If you didn't send it, you can ignore this mail.${sign}`,
});

/** The member's reply, Reply-To the member: the conversation goes on between the two of them. */
export const inquiryReplyMail = (to: string, memberEmail: string, mediatorName: string, reply: string, original: string): Mail => ({
  to,
  replyTo: memberEmail,
  subject: `${mediatorName} answered your message on Concord`,
  text:
    `${mediatorName} answered the message you sent through Concord:\n\n${reply}\n\n` +
    `Reply to this mail to write to ${mediatorName} directly.\n\n` +
    `Your message was:\n\n${original.replace(/^/gm, '> ')}${sign}`,
});
