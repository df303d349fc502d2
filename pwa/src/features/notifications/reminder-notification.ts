// What a reminder looks like as a system notification, and what its buttons do: pure functions the
// service worker uses (sw.ts), kept apart so they can be tested without a browser. The push payload is
// the worker's (ReminderPushPayload in @todo/contracts; docs/notifications.md, "What a reminder sends").
import type { ReminderPushPayload } from '@todo/contracts';
import type { Pending } from '../../sync/apply.ts';
import { uuidv7 } from '../../lib/ids.ts';

/**
 * A reminder push as read here: the worker's payload, checked by hand (zod stays out of the service
 * worker). An older worker leaves out `allDay` and `remindAt`: null.
 */
export type ReminderPayload = Omit<ReminderPushPayload, 'allDay' | 'remindAt'> & {
  allDay: boolean | null;
  remindAt: string | null;
};

/** What a notification carries for the click handler. */
export interface ReminderData {
  todoId: string;
  reminderId: string;
}

export const SNOOZE_MINUTES = 10;
export const DONE_ACTION = 'done';
export const SNOOZE_ACTION = 'snooze';

/** The parts of NotificationOptions that TypeScript's DOM library does not list yet. */
export type ReminderOptions = NotificationOptions & {
  actions?: { action: string; title: string }[];
  renotify?: boolean;
  timestamp?: number;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The payload, or null when it is not a reminder this app understands. */
export function parsePayload(raw: unknown): ReminderPayload | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const p = raw as Record<string, unknown>;
  const todoId = str(p.todoId);
  const reminderId = str(p.reminderId);
  if (p.type !== 'reminder' || !todoId || !reminderId) return null;
  return {
    type: 'reminder',
    todoId,
    reminderId,
    title: str(p.title) ?? 'Reminder',
    body: str(p.body) ?? 'Reminder',
    dueAt: str(p.dueAt),
    allDay: typeof p.allDay === 'boolean' ? p.allDay : null,
    remindAt: str(p.remindAt),
  };
}

/**
 * The worker writes the due line ("Due Tue, Mar 10" for an all-day todo). A payload from a worker that
 * does not say `allDay` would show an all-day todo's start as "12:00 AM": the todo as stored here tells
 * (`local`); unknown here, a due time at midnight on this device reads as the date alone.
 */
export function reminderBody(p: ReminderPayload, local?: { allDay: boolean; timeZone: string }): string {
  if (p.allDay !== null || !p.dueAt) return p.body;
  const due = new Date(p.dueAt);
  if (Number.isNaN(due.getTime())) return p.body;
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' };
  if (local) return local.allDay ? `Due ${dateIn(due, local.timeZone, options)}` : p.body;
  if (due.getHours() + due.getMinutes() + due.getSeconds() > 0) return p.body;
  return `Due ${due.toLocaleDateString('en-US', options)}`;
}

function dateIn(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  try {
    return date.toLocaleDateString('en-US', { ...options, timeZone });
  } catch {
    return date.toLocaleDateString('en-US', options); // a zone this browser does not know
  }
}

/**
 * One notification per reminder: its id is the tag, so a repeat (a snoozed reminder firing again)
 * replaces the old one and alerts again. It stays until answered where the platform allows.
 */
export function reminderNotification(
  p: ReminderPayload,
  /** The todo as stored on this device, when the payload does not say whether it is all-day. */
  local?: { allDay: boolean; timeZone: string },
): { title: string; options: ReminderOptions } {
  const data: ReminderData = { todoId: p.todoId, reminderId: p.reminderId };
  const at = p.remindAt ? Date.parse(p.remindAt) : NaN;
  return {
    title: p.title,
    options: {
      body: reminderBody(p, local),
      tag: p.reminderId,
      renotify: true,
      requireInteraction: true,
      icon: '/icons/icon-192.png',
      badge: '/icons/favicon-32.png',
      data,
      actions: [
        { action: DONE_ACTION, title: 'Done' },
        { action: SNOOZE_ACTION, title: `Snooze ${SNOOZE_MINUTES} min` },
      ],
      ...(Number.isFinite(at) ? { timestamp: at } : {}),
    },
  };
}

/** A push this app cannot read still has to show something (userVisibleOnly): the app's own note. */
export function fallbackNotification(): { title: string; options: ReminderOptions } {
  return { title: 'Todos', options: { body: 'You have a reminder', icon: '/icons/icon-192.png' } };
}

export function reminderData(raw: unknown): ReminderData | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const d = raw as Record<string, unknown>;
  const todoId = str(d.todoId);
  const reminderId = str(d.reminderId);
  return todoId && reminderId ? { todoId, reminderId } : null;
}

/** The outbox mutation a notification button stands for, or null for a click on the body. */
export function actionMutation(action: string, data: ReminderData, now = new Date()): Pending | null {
  const createdAt = now.toISOString();
  if (action === DONE_ACTION)
    return { id: uuidv7(), type: 'todo.complete', payload: { id: data.todoId }, createdAt };
  if (action === SNOOZE_ACTION)
    return {
      id: uuidv7(),
      type: 'reminder.snooze',
      payload: { todoId: data.todoId, reminderId: data.reminderId, minutes: SNOOZE_MINUTES },
      createdAt,
    };
  return null;
}

/** Where a click on the notification's body leads. */
export function todoPath(todoId: string | undefined | null): string {
  return todoId && /^[0-9a-f-]{36}$/i.test(todoId) ? `/todos/${todoId.toLowerCase()}` : '/';
}

/** The message the service worker sends an open window to show a todo (the app's router handles it). */
export interface OpenMessage {
  type: 'open';
  path: string;
}
