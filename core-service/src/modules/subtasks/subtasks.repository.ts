// The only place that knows how a todo's checklist is stored.
import type { Knex } from 'knex';
import type { Subtask } from '@todo/contracts';
import { insertRows } from '@todo/platform';
import { occurrenceSubtaskId } from '@todo/todo-rules';

export interface NewSubtask {
  id: string;
  todoId: string;
  title: string;
  done: boolean;
  position: string;
}

export class SubtaskRepository {
  constructor(private readonly knex: Knex) {}

  /** In statements of insertRows' size (a push's creates may carry 200,000 subtasks), as reminders. */
  async insert(rows: NewSubtask[], at: Date): Promise<void> {
    await insertRows(
      this.knex,
      'subtasks',
      rows.map((row) => ({ ...row, createdAt: at })),
    );
  }

  async find(todoId: string, id: string): Promise<Subtask | undefined> {
    return (await this.knex('subtasks').where({ todoId, id }).first('id', 'title', 'done', 'position')) as
      Subtask | undefined;
  }

  /** Whether this id is taken by a subtask of any todo (ids are global). */
  async taken(id: string): Promise<boolean> {
    return (await this.knex('subtasks').where({ id }).first('id')) !== undefined;
  }

  async lastPosition(todoId: string): Promise<string | null> {
    const row = (await this.knex('subtasks').where({ todoId }).max('position as last').first()) as
      { last: string | null } | undefined;
    return row?.last ?? null;
  }

  async update(todoId: string, id: string, patch: Partial<Pick<Subtask, 'title' | 'done' | 'position'>>) {
    await this.knex('subtasks').where({ todoId, id }).update(patch);
  }

  async delete(todoId: string, id: string): Promise<boolean> {
    // returning(): PGlite's driver answers a bare delete with a result object, not a count.
    const gone = (await this.knex('subtasks').where({ todoId, id }).delete().returning('id')) as unknown[];
    return gone.length > 0;
  }

  async copyUnticked(fromTodoId: string, toTodoId: string, at: Date): Promise<void> {
    const rows = (await this.knex('subtasks')
      .where({ todoId: fromTodoId })
      .select('id', 'title', 'position')) as Pick<Subtask, 'id' | 'title' | 'position'>[];
    await this.insert(
      rows.map((s) => ({
        id: occurrenceSubtaskId(toTodoId, s.id),
        todoId: toTodoId,
        title: s.title,
        done: false,
        position: s.position,
      })),
      at,
    );
  }
}
