import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../web/context.ts';
import { asFormBody, fieldValue, formField, parseForm } from '../../web/form-fields.ts';
import { parseId } from '../../web/query-params.ts';
import { NOTE_MAX, type QueueProblem } from '../views/credential-queue.tsx';
import { decideEvidence, type Decision, type ReviewScope } from './review.ts';

/** The notes a decision takes: needed to decline (the member is told why), optional to verify. */
export const DecisionForms: Record<Decision, z.ZodObject<{ note: z.ZodType<string> }>> = {
  verify: z.object({ note: formField(z.string().trim().max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters.`)) }),
  decline: z.object({ note: formField(z.string().trim().min(1, 'Say why it cannot be verified: the member is told.').max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters.`)) }),
};

export const DECISION_NOTICES = { verify: 'Verified: the member was mailed and the evidence deleted.', decline: 'Declined: the member was mailed your reason and the evidence deleted.' } as const;
export const STALE_DECISION = 'There is no evidence waiting at this address: it was decided by someone else, or withdrawn by its member. The queue below is as it is now.';

/**
 * Decides one piece of evidence for a scope, the same way for the admins' queue and an
 * association's page: the note checked, the decision made (audited, mailed), back to `back`.
 * A tampered, stale or out-of-scope id is a 404 with the queue as it is now.
 */
export async function decideFromForm(
  ctx: Context,
  request: FastifyRequest<{ Params: { evidenceId: string } }>,
  reply: FastifyReply,
  scope: ReviewScope,
  decision: Decision,
  again: (reply: FastifyReply, view: { notice?: string; problem?: QueueProblem }) => Promise<unknown>,
  back: string,
  anchor = '',
) {
  const id = parseId(request.params.evidenceId);
  if (id === null) return again(reply.code(404), { notice: STALE_DECISION });
  const form = parseForm(DecisionForms[decision], request.body);
  if (!form.ok) return again(reply.code(400), { problem: { evidenceId: id, problems: form.problems.map((p) => ({ ...p, field: 'note' })), typed: fieldValue(asFormBody(request.body), 'note', NOTE_MAX) } });
  const outcome = await decideEvidence(ctx, request.user!, scope, id, decision, form.value.note);
  if (outcome.status === 'not_found') return again(reply.code(404), { notice: STALE_DECISION });
  return reply.redirect(`${back}?done=${decision}${anchor}`, 303);
}

