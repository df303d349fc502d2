import { z } from 'zod';
import { Id, TimeZone, trimmedOptionalText } from './primitives.ts';

export const Email = z
  .string()
  .max(254)
  .trim()
  .toLowerCase()
  // The rule browsers apply to <input type=email>, so what the app's form accepts, the API accepts.
  .pipe(z.email({ pattern: z.regexes.html5Email, message: 'must be an email address' }));

export const Password = z
  .string()
  .min(8, { message: 'must have at least 8 characters' })
  .max(256, { message: 'must have at most 256 characters' });

export const RegisterBody = z.strictObject({
  email: Email,
  password: Password,
  name: trimmedOptionalText(100).optional(),
  timeZone: TimeZone.optional(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  timeZone: z.string(),
});
export type User = z.infer<typeof User>;

export const UserEnvelope = z.object({ user: User });

/** Internal: what core-service keeps for sign-in; the bff alone sees the hash. */
export const CreateUserBody = z.strictObject({
  email: Email,
  passwordHash: z.string().min(1),
  name: z.string().max(100),
  timeZone: TimeZone,
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UserCredentials = User.extend({ passwordHash: z.string() });
export type UserCredentials = z.infer<typeof UserCredentials>;

export const LookupUserBody = z.strictObject({ email: Email });
