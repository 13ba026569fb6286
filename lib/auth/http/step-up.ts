import { z } from 'zod';

/**
 * The step-up asked for in a sign-in link (/auth/login/<provider>?max_age=300&acr=…): untrusted
 * query input, so bounded and shaped before it reaches the provider. Anything malformed is no
 * step-up at all (a plain sign-in), never an error page.
 */
const StepUpQuery = z.object({
  max_age: z.coerce.number().int().min(0).max(86_400).optional(),
  acr: z
    .string()
    .regex(/^[\w:./-]{1,128}( [\w:./-]{1,128}){0,4}$/)
    .transform((value) => value.split(' '))
    .optional(),
});

export function readStepUp(query: URLSearchParams): { maxAge?: number; acr?: string[] } | undefined {
  const parsed = StepUpQuery.safeParse({ max_age: query.get('max_age') ?? undefined, acr: query.get('acr') ?? undefined });
  if (!parsed.success || (parsed.data.max_age === undefined && !parsed.data.acr)) return undefined;
  return { ...(parsed.data.max_age !== undefined && { maxAge: parsed.data.max_age }), ...(parsed.data.acr && { acr: parsed.data.acr }) };
}

/** The sign-in link that asks for this step-up (pages and the BFF send people there). */
export function stepUpQuery(stepUp: { maxAge?: number; acr?: readonly string[] }): string {
  const query = new URLSearchParams();
  if (stepUp.maxAge !== undefined) query.set('max_age', String(stepUp.maxAge));
  if (stepUp.acr?.length) query.set('acr', stepUp.acr.join(' '));
  return query.toString();
}
