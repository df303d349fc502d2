import { fieldErrors } from '@todo/contracts';
import type { z } from 'zod';
import { badRequest } from '../errors.ts';

const WHERE = { body: 'The request body', query: 'The query string', params: 'The path' } as const;

/** Parses one part of a request; a failure is a 400 that lists every field and why. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: keyof typeof WHERE,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  const first = errors[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid';
  throw badRequest(`${WHERE[where]} is invalid (${summary})`, errors);
}
