// Reminder rules: when a reminder fires, relative ones follow their todo's due time, snoozing.
import { badRequest } from '@todo/platform';

export interface ReminderTiming {
  remindAt?: string | undefined;
  offsetMinutes?: number | undefined;
}

const MINUTE = 60_000;

/** The instant a reminder fires; a relative reminder needs the todo to have a due time. */
export function resolveRemindAt(input: ReminderTiming, dueAt: Date | null): Date {
  if (input.offsetMinutes !== undefined) {
    if (!dueAt) {
      throw badRequest(
        'A reminder relative to the due time needs the todo to have a due date; set dueAt or give remindAt',
        [{ path: 'offsetMinutes', message: 'the todo has no due date' }],
      );
    }
    return new Date(dueAt.getTime() - input.offsetMinutes * MINUTE);
  }
  if (input.remindAt === undefined) throw badRequest('give remindAt or offsetMinutes');
  return new Date(input.remindAt);
}

export interface StoredReminder {
  id: string;
  remindAt: Date;
  offsetMinutes: number | null;
  sentAt: Date | null;
}

/**
 * When the due time moves, relative reminders move with it; one that now lies in the future is due
 * again even if it had fired. Absolute reminders stay where the person put them.
 */
export function followDueTime(reminders: StoredReminder[], dueAt: Date, now: Date) {
  const moved: { id: string; remindAt: Date; sentAt: Date | null }[] = [];
  for (const r of reminders) {
    if (r.offsetMinutes === null) continue;
    const remindAt = new Date(dueAt.getTime() - r.offsetMinutes * MINUTE);
    if (remindAt.getTime() === r.remindAt.getTime()) continue;
    moved.push({ id: r.id, remindAt, sentAt: remindAt > now ? null : r.sentAt });
  }
  return moved;
}

/** Reminders of the next occurrence of a recurring todo: each keeps its distance to the due time. */
export function carryToNextOccurrence(reminders: StoredReminder[], fromDue: Date, toDue: Date) {
  const shift = toDue.getTime() - fromDue.getTime();
  return reminders.map((r) => ({
    offsetMinutes: r.offsetMinutes,
    remindAt:
      r.offsetMinutes !== null
        ? new Date(toDue.getTime() - r.offsetMinutes * MINUTE)
        : new Date(r.remindAt.getTime() + shift),
  }));
}

export function snoozeUntil(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * MINUTE);
}
