// A todo's checklist: add, rename, tick, move, delete, one subtask at a time, so edits of different
// subtasks (or of a title and a tick) on two devices both survive. Each change gives the todo a new
// version, which is how the checklist travels in sync.
import type { Subtask, SubtaskCreate, SubtaskPatch } from '@todo/contracts';
import { conflict, notFound } from '@todo/platform';
import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../db/store.ts';
import { lockTodo, touchTodo, type TodoRef, type TodoWriteRepositories } from '../changes/todo-writes.ts';
import { checkedPosition, positionAfter } from '../lists/positions.ts';
import type { SubtaskRepository } from './subtasks.repository.ts';

export interface SubtaskRepositories extends TodoWriteRepositories {
  subtasks: Pick<SubtaskRepository, 'insert' | 'find' | 'taken' | 'lastPosition' | 'update' | 'delete'>;
  todos: TodoWriteRepositories['todos'] & {
    findOwned(userId: string, id: string, options: { lock: boolean }): Promise<TodoRef | undefined>;
  };
}

export class SubtasksService {
  constructor(
    private readonly uow: UnitOfWork<SubtaskRepositories>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adding one with the id of one this todo has answers that one (a retried offline add). */
  async add(userId: string, todoId: string, input: SubtaskCreate): Promise<Subtask> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, todoId);
      if (input.id) {
        const existing = await r.subtasks.find(todoId, input.id);
        if (existing) return existing;
        if (await r.subtasks.taken(input.id)) throw conflict(`Subtask id ${input.id} is already taken`);
      }
      const subtask: Subtask = {
        id: input.id ?? uuidv7(),
        title: input.title,
        done: input.done ?? false,
        position: input.position
          ? checkedPosition(input.position)
          : positionAfter(await r.subtasks.lastPosition(todoId)),
      };
      const now = this.now();
      await r.subtasks.insert([{ ...subtask, todoId }], now);
      await touchTodo(r, userId, todo, now, ['subtasks']);
      return subtask;
    });
  }

  async update(userId: string, todoId: string, id: string, patch: SubtaskPatch): Promise<Subtask> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, todoId);
      if (!(await r.subtasks.find(todoId, id))) throw notFound(`Subtask ${id}`);
      if (patch.position) checkedPosition(patch.position);
      await r.subtasks.update(todoId, id, patch);
      await touchTodo(r, userId, todo, this.now(), ['subtasks']);
      return (await r.subtasks.find(todoId, id))!;
    });
  }

  async delete(userId: string, todoId: string, id: string): Promise<void> {
    await this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, todoId);
      if (!(await r.subtasks.delete(todoId, id))) throw notFound(`Subtask ${id}`);
      await touchTodo(r, userId, todo, this.now(), ['subtasks']);
    });
  }
}
