import type { Knex } from 'knex';
import type { Reminder } from '@todo/contracts';
import { insertRows } from '@todo/platform';
import { ReminderModel } from './reminder.model.ts';

export function toReminder(m: ReminderModel): Reminder {
  return {
    id: m.id,
    remindAt: m.remindAt.toISOString(),
    offsetMinutes: m.offsetMinutes,
    timeOfDay: m.timeOfDay,
    sentAt: m.sentAt ? m.sentAt.toISOString() : null,
  };
}

export interface NewReminder {
  id: string;
  todoId: string;
  userId: string;
  remindAt: Date;
  offsetMinutes: number | null;
  timeOfDay: string | null;
  createdAt: Date;
}

/** A new remindAt comes with when it was moved: the clock does not fire a reminder moved into the past. */
export type ReminderPatch = Partial<Pick<ReminderModel, 'sentAt' | 'snoozedAt' | 'timeOfDay'>> &
  ({ remindAt?: never; movedAt?: never } | { remindAt: Date; movedAt: Date });

export class ReminderRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * In statements of insertRows' size: one push of 1,000 creates may carry 20,000 reminders, and as one
   * VALUES list that is past PostgreSQL's 65,535 parameters a statement.
   */
  async insert(rows: NewReminder[]): Promise<void> {
    await insertRows(this.knex, 'reminders', rows);
  }

  async forTodo(todoId: string): Promise<ReminderModel[]> {
    return ReminderModel.query(this.knex)
      .where({ todoId })
      .orderBy([{ column: 'remindAt' }, { column: 'id' }]);
  }

  /** The person's reminders at `timeOfDay` on the due date that have not fired, of open todos, with the todo's date. */
  async pendingAtTimeOfDay(userId: string, timeOfDay: string) {
    return ReminderModel.query(this.knex)
      .alias('r')
      .join('todos as t', 't.id', 'r.todoId')
      .where({ 'r.userId': userId, 'r.timeOfDay': timeOfDay, 't.status': 'open' })
      .whereNull('r.sentAt')
      .whereNotNull('t.dueAt')
      .select('r.*', 't.dueAt as dueAt', 't.timeZone as timeZone', 't.title as title') as unknown as Promise<
      (ReminderModel & { dueAt: Date; timeZone: string; title: string })[]
    >;
  }

  async findOwned(userId: string, todoId: string, id: string): Promise<ReminderModel | undefined> {
    return ReminderModel.query(this.knex).findOne({ userId, todoId, id });
  }

  async update(id: string, patch: ReminderPatch) {
    const row = await ReminderModel.query(this.knex).patchAndFetchById(id, patch);
    return toReminder(row);
  }

  /** A member leaving a shared list takes their reminders on its todos with them. */
  async deleteForMemberOfList(userId: string, listId: string): Promise<void> {
    await ReminderModel.query(this.knex)
      .where({ userId })
      .whereIn('todoId', this.knex('todos').where({ listId }).select('id'))
      .delete();
  }

  async delete(todoId: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await ReminderModel.query(this.knex).where({ todoId }).whereIn('id', ids).delete();
  }
}
