// Reminders the open app shows itself, whatever the server could deliver (issue 15, bug 3): when one
// falls due here, a system notification through the service worker if the person allowed them (the
// same tag as a pushed one, so the two never stack), else a banner with Done and Snooze. The server is
// told, so the activity history says it was shown.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { MirrorSnapshot } from '../../sync/mirror.ts';
import { HttpError, notificationsApi, OfflineError } from '../../api/transport.ts';
import { formatTodoDue } from '../todos/format.ts';
import { dueReminders, nextReminderAt, type DueReminder } from './due-reminders.ts';
import { reminderNotification } from './reminder-notification.ts';

/** Reminders due before the app opened are the server's to deliver. */
const openedAt = Date.now();
/** Firings shown by this page, so each shows once. */
const shown = new Set<string>();
/** Looked at again this often: a reminder set for a time already past is not shown (as on the server). */
const CHECK_MS = 30_000;
const REPORT_TRIES = 24;
const REPORT_WAIT_MS = 5_000;

export interface ShownReminder extends DueReminder {
  /** The due line, as the banner shows it. */
  body: string;
}

let banners: ShownReminder[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function useReminderBanners(): ShownReminder[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => banners,
  );
}

export function dismissReminder(key: string): void {
  banners = banners.filter((b) => b.key !== key);
  emit();
}

/** Keeps watch over the todos on this device while the app is open. */
export function useInAppReminders(snapshot: MirrorSnapshot, timeZone: string): void {
  const [tick, setTick] = useState(0);
  const [since, setSince] = useState(openedAt);
  useEffect(() => {
    const now = Date.now();
    for (const due of dueReminders(snapshot.todos.values(), since, now, shown)) {
      shown.add(due.key);
      void present(due, timeZone, now);
    }
    // What was set meanwhile for a time already past stays quiet; the window moves on.
    const interval = setInterval(() => setSince(Date.now()), CHECK_MS);
    const next = nextReminderAt(snapshot.todos.values(), now);
    const timer =
      next === null
        ? undefined
        : setTimeout(() => setTick((t) => t + 1), Math.min(next - now + 20, 2 ** 31 - 1));
    return () => {
      clearInterval(interval);
      clearTimeout(timer);
    };
  }, [snapshot, since, tick, timeZone]);
}

async function present(due: DueReminder, timeZone: string, now: number): Promise<void> {
  const { todo, reminder } = due;
  const body = todo.dueAt ? `Due ${formatTodoDue(todo.dueAt, todo, timeZone, now)}` : 'Reminder';
  if (!(await notify(due, body))) {
    banners = [...banners, { ...due, body }];
    emit();
  }
  await report({ reminderId: reminder.id, remindAt: reminder.remindAt });
}

/** A system notification through the service worker (its Done and Snooze work as for a push). */
async function notify({ todo, reminder }: DueReminder, body: string): Promise<boolean> {
  if (!('Notification' in window) || Notification.permission !== 'granted') return false;
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    if (!registration) return false;
    const { title, options } = reminderNotification({
      type: 'reminder',
      todoId: todo.id,
      reminderId: reminder.id,
      title: todo.title,
      body,
      dueAt: todo.dueAt,
      allDay: todo.allDay,
      remindAt: reminder.remindAt,
    });
    await registration.showNotification(title, options);
    return true;
  } catch {
    return false;
  }
}

/** The server has the firing a moment after its clock fires it: until then (or offline) try again. */
async function report(firing: { reminderId: string; remindAt: string }): Promise<void> {
  for (let attempt = 1; attempt <= REPORT_TRIES; attempt++) {
    try {
      return await notificationsApi.shown(firing);
    } catch (err) {
      const later = err instanceof OfflineError || (err instanceof HttpError && err.status === 404);
      if (!later) return;
      await new Promise((resolve) => setTimeout(resolve, REPORT_WAIT_MS));
    }
  }
}
