import type { MediatorTable } from '../db/schema.ts';
import type { Fee, Format } from './types.ts';

/** Turning mediator rows into the directory's own types; shared by search, profiles and featured. */

type FormatColumns = Pick<MediatorTable, 'fmt_in_person' | 'fmt_online' | 'fmt_phone'>;
type FeeColumns = Pick<MediatorTable, 'fee_min' | 'fee_max' | 'fee_currency' | 'free_consultation' | 'sliding_scale' | 'fee_split'>;

export function formatsOf(row: FormatColumns): Format[] {
  const out: Format[] = [];
  if (row.fmt_in_person) out.push('in_person');
  if (row.fmt_online) out.push('online');
  if (row.fmt_phone) out.push('phone');
  return out;
}

export function feeOf(row: FeeColumns): Fee {
  return {
    min: row.fee_min,
    max: row.fee_max,
    currency: row.fee_currency,
    freeConsultation: row.free_consultation === 1,
    slidingScale: row.sliding_scale === 1,
    split: row.fee_split,
  };
}
