// Reminders on a todo: add (absolute, minutes before due, or a time on the due date), delete, snooze. A reminder is part of
// its todo, so each change gives the todo a new version.
import { FOLLOWS_DEFAULT_REMINDER_TIME, type Reminder, type ReminderCreate } from '@todo/contracts';
import { notFound } from '@todo/platform';
import { defaultReminderId } from '@todo/todo-rules';
import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../db/store.ts';
import { lockTodo, touchTodo, type TodoRef, type TodoWriteRepositories } from '../changes/todo-writes.ts';
import {
  defaultReminderAt,
  reminderSetAt,
  resolveRemindAt,
  snoozeUntil,
  type DueTime,
} from './reminder.domain.ts';
import { toReminder, type ReminderRepository } from './reminders.repository.ts';

/** The repositories the reminders service works with: a reminder is part of its todo. */
export interface ReminderRepositories extends TodoWriteRepositories {
  reminders: Pick<ReminderRepository, 'insert' | 'findOwned' | 'update' | 'delete' | 'pendingAtTimeOfDay'>;
  todos: TodoWriteRepositories['todos'] & {
    findOwned(
      userId: string,
      id: string,
      options: { lock: boolean },
    ): Promise<(TodoRef & DueTime) | undefined>;
  };
}

export class RemindersService {
  constructor(
    private readonly uow: UnitOfWork<ReminderRepositories>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Adding a reminder with the id of one this todo has answers that one unchanged: a device may add
   * the all-day default reminder the server already added (same derived id), or retry an add.
   * `madeAt`: when a device added it (a sync mutation's time; see reminderSetAt).
   */
  async add(userId: string, todoId: string, input: ReminderCreate, madeAt?: string): Promise<Reminder> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, todoId);
      const now = this.now();
      const id = input.id ?? uuidv7();
      const existing = input.id && (await r.reminders.findOwned(userId, todoId, input.id));
      if (existing) return toReminder(existing);
      const remindAt = resolveRemindAt(input, todo);
      await r.reminders.insert([
        {
          id,
          todoId,
          userId,
          remindAt,
          offsetMinutes: input.offsetMinutes ?? null,
          timeOfDay: input.timeOfDay ?? null,
          createdAt: reminderSetAt(madeAt, now),
        },
      ]);
      await touchTodo(r, userId, todo, now, ['reminders']);
      return toReminder((await r.reminders.findOwned(userId, todoId, id))!);
    });
  }

  async delete(userId: string, todoId: string, reminderId: string): Promise<void> {
    await this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, todoId);
      if (!(await r.reminders.findOwned(userId, todoId, reminderId)))
        throw notFound(`Reminder ${reminderId}`);
      await r.reminders.delete(todoId, [reminderId]);
      await touchTodo(r, userId, todo, this.now(), ['reminders']);
    });
  }

  /** Moves the reminder to `minutes` from now and makes it due again, whether or not it had fired. */
  async snooze(userId: string, todoId: string, reminderId: string, minutes: number): Promise<Reminder> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, todoId);
      if (!(await r.reminders.findOwned(userId, todoId, reminderId)))
        throw notFound(`Reminder ${reminderId}`);
      const now = this.now();
      const reminder = await r.reminders.update(reminderId, {
        remindAt: snoozeUntil(now, minutes),
        movedAt: now,
        sentAt: null,
        snoozedAt: now,
      });
      await touchTodo(r, userId, todo, now, ['reminders']);
      return reminder;
    });
  }
}

/**
 * The person changed their default reminder time: the default reminders of their all-day todos that
 * have not fired move to it (reminders they chose themselves stay). Runs in the caller's transaction.
 */
export async function followDefaultReminderTime(
  r: ReminderRepositories,
  userId: string,
  from: string,
  to: string,
  now: Date,
): Promise<void> {
  const pending = await r.reminders.pendingAtTimeOfDay(userId, from);
  for (const rem of pending.filter((p) => p.id === defaultReminderId(p.todoId))) {
    const { remindAt } = defaultReminderAt(rem.todoId, rem, to);
    await r.reminders.update(rem.id, { remindAt, movedAt: now, timeOfDay: to });
    // Devices pull the moved reminder; the history leaves it out: the person changed a setting, not the todo.
    await touchTodo(r, userId, { id: rem.todoId, title: rem.title }, now, [FOLLOWS_DEFAULT_REMINDER_TIME]);
  }
}
