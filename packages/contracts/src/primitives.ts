// Building blocks shared by every body and query: ids, instants, time zones, enums.
import { z } from 'zod';

export const Id = z.uuid({ message: 'must be a UUID' });

/** ISO 8601 instant with an offset or Z, e.g. 2026-03-08T09:00:00-05:00. */
export const Instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with an offset or Z, e.g. 2026-03-08T09:00:00-05:00',
});

const zoneCache = new Map<string, boolean>();
export function isTimeZone(name: string): boolean {
  let known = zoneCache.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      known = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/.test(name);
    } catch {
      known = false;
    }
    zoneCache.set(name, known);
  }
  return known;
}

export const TimeZone = z.string().max(64).refine(isTimeZone, {
  message: 'must be an IANA time zone such as Europe/Berlin',
});

/** A wall-clock time of day, HH:MM on the 24-hour clock. */
export const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time like 09:00' });

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES, {
  message: `must be one of ${PRIORITIES.join(', ')}`,
});
export type Priority = z.infer<typeof Priority>;

export const STATUSES = ['open', 'done'] as const;
export const Status = z.enum(STATUSES, {
  message: `must be one of ${STATUSES.join(', ')}`,
});
export type Status = z.infer<typeof Status>;

/**
 * Text that must say something (a title, a name): trimmed, at most `max` characters as sent. The
 * length is checked before the trim because the OpenAPI document's maxLength counts what is sent: a
 * client that validates against it, and schemathesis, must not see " " + 500 characters accepted.
 */
export const trimmedText = (max: number) => trimmedOptionalText(max).min(1, { message: 'must not be empty' });

/** Text that may be empty (a person's name): trimmed, at most `max` characters as sent (trimmedText). */
export function trimmedOptionalText(max: number) {
  return z
    .string()
    .max(max, { message: `must have at most ${max} characters` })
    .trim();
}

export const Color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #1e90ff' })
  .transform((c) => c.toLowerCase());

/** Accepts `a` or `[a, b]` from a query string and always yields an array. */
export function repeatable<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
    z.array(item).max(50),
  );
}
