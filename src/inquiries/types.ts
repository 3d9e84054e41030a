import type { InquiryStatus } from '../db/schema.ts';
import type { Format } from '../directory/types.ts';
import type { InquiryFormat } from './schema.ts';

export type { InquiryStatus };
export const INQUIRY_STATUSES = ['new', 'replied', 'closed'] as const satisfies readonly InquiryStatus[];
export const STATUS_LABELS: Record<InquiryStatus, string> = { new: 'New', replied: 'Replied', closed: 'Closed' };
export const INQUIRY_FORMAT_LABELS: Record<InquiryFormat, string> = { any: 'No preference', in_person: 'In person', online: 'Online (video)', phone: 'Phone' };

/** A listed mediator as the contact form needs them. `ownerEmail` never reaches a page. */
export interface ContactTarget {
  id: number;
  slug: string;
  name: string;
  formats: Format[];
  /** The member's address (users.email via mediators.user_id); null for a demo profile. */
  ownerEmail: string | null;
}

/** The signed-in member's own profile, for the dashboard pages. */
export interface MemberListing {
  id: number;
  slug: string;
  name: string;
  status: string;
}

export interface InquirySummary {
  id: number;
  senderName: string;
  kind: string;
  status: InquiryStatus;
  createdAt: string;
  /** The start of the message, for the list. */
  preview: string;
}

export interface InquiryReply {
  message: string;
  createdAt: string;
}

export interface Inquiry {
  id: number;
  senderName: string;
  senderEmail: string;
  senderPhone: string;
  /** The practice area's name, or "Something else". */
  kind: string;
  place: string;
  format: string;
  message: string;
  status: InquiryStatus;
  createdAt: string;
  repliedAt: string | null;
  closedAt: string | null;
  replies: InquiryReply[];
}
