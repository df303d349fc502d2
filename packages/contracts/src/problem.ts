// RFC 9457 problem details and the stable `type` codes clients switch on.
import { z } from 'zod';

export const ProblemType = {
  validation: 'validation-error',
  malformedJson: 'malformed-json',
  unauthorized: 'unauthorized',
  badCredentials: 'bad-credentials',
  forbidden: 'forbidden',
  notFound: 'not-found',
  methodNotAllowed: 'method-not-allowed',
  conflict: 'conflict',
  payloadTooLarge: 'payload-too-large',
  unsupportedMediaType: 'unsupported-media-type',
  rateLimited: 'rate-limited',
  dependencyUnavailable: 'dependency-unavailable',
  internal: 'internal-error',
} as const;
export type ProblemType = (typeof ProblemType)[keyof typeof ProblemType];

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Turns zod issues into the `errors` list of a problem: dotted paths, plain messages. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
