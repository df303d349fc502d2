// Push subscriptions, notification settings and the activity history (API.md "notifications, history").
import { z } from 'zod';
import { ClockTime, Id, Instant, TimeZone, trimmedOptionalText } from './primitives.ts';

/** A browser's PushSubscription as `subscription.toJSON()` gives it. */
export const PushSubscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https$/, message: 'must be an https URL' }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: z.string().min(16).max(256),
    auth: z.string().min(8).max(64),
  }),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

/**
 * What a device receives by Web Push for a due reminder (JSON): the worker sends it, the PWA's service
 * worker shows it (docs/notifications.md, "What a reminder sends").
 */
export const ReminderPushPayload = z.object({
  type: z.literal('reminder'),
  todoId: Id,
  reminderId: Id,
  title: z.string(),
  /** The due line, written by the worker in the todo's zone ("Due Tue, Mar 10, 9:00 AM EDT"). */
  body: z.string(),
  dueAt: z.string().nullable(),
  /** Due on a date, not at a time: show dueAt as a date only. */
  allDay: z.boolean(),
  remindAt: z.string(),
});
export type ReminderPushPayload = z.infer<typeof ReminderPushPayload>;

export const UnsubscribeBody = z.strictObject({ endpoint: z.string().max(2048) });
export const VapidKey = z.object({ key: z.string() });

export const ActivityItem = z.object({
  id: z.string(),
  type: z.string(),
  todoId: Id.nullable(),
  at: z.string(),
  summary: z.string(),
});
export type ActivityItem = z.infer<typeof ActivityItem>;
export const ActivityPage = z.object({ items: z.array(ActivityItem), nextCursor: z.string().nullable() });
export const ActivityQuery = z.strictObject({
  todoId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;

export const Settings = z.object({
  name: z.string(),
  timeZone: z.string(),
  pushReminders: z.boolean(),
  emailReminders: z.boolean(),
  /** When a todo due on a date without a time reminds, in the person's zone. */
  defaultReminderTime: z.string(),
});
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = z
  .strictObject({
    name: trimmedOptionalText(100).optional(),
    timeZone: TimeZone.optional(),
    pushReminders: z.boolean().optional(),
    emailReminders: z.boolean().optional(),
    defaultReminderTime: ClockTime.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one setting to change' });
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Which channels can deliver the person's reminders (the settings screen says it plainly). */
export const NotificationChannels = z.object({
  /** How many of the person's devices are subscribed to push. */
  push: z.object({ devices: z.number().int() }),
  /** Whether the server has a mail server to send email reminders with. */
  email: z.object({ configured: z.boolean() }),
});
export type NotificationChannels = z.infer<typeof NotificationChannels>;

/** A device that had the app open showed a due reminder itself (one firing: the reminder and its time). */
export const ReminderShownBody = z.strictObject({ reminderId: Id, remindAt: Instant });
export type ReminderShownBody = z.infer<typeof ReminderShownBody>;
