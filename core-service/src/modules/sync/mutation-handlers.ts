// Each mutation type carried out by the service that owns the rule, exactly as the API would.
import type { Mutation, MutationPayloadMap, MutationType } from '@todo/contracts';
import type { RemindersService } from '../reminders/reminders.service.ts';
import type { TagsService } from '../tags/tags.service.ts';
import type { TodosService } from '../todos/todos.service.ts';
import type { ListsService } from '../lists/lists.service.ts';
import type { SubtasksService } from '../subtasks/subtasks.service.ts';

/** A handler takes the payload of its own type, as the contract's schema gives it. */
type Handler<K extends MutationType> = (
  userId: string,
  payload: MutationPayloadMap[K],
  mutation: Pick<Mutation, 'createdAt'>,
) => Promise<unknown>;
export type MutationHandlers = { [K in MutationType]: Handler<K> };

/** Carries out a mutation of `type` whose payload that type's schema has checked. */
export function runMutation<K extends MutationType>(
  handlers: MutationHandlers,
  userId: string,
  type: K,
  payload: MutationPayloadMap[K],
  mutation: Pick<Mutation, 'createdAt'>,
): Promise<unknown> {
  return handlers[type](userId, payload, mutation);
}

export function mutationHandlers(s: {
  todos: TodosService;
  tags: TagsService;
  reminders: RemindersService;
  lists: ListsService;
  subtasks: SubtasksService;
}): MutationHandlers {
  return {
    // When the person made it on their device: a reminder set offline before its time, whose time
    // passed before the device was back online, still fires (reminderSetAt).
    'todo.create': (u, p, m) => s.todos.create(u, p, m.createdAt),
    'todo.update': (u, p, m) => s.todos.update(u, p.id, p.fields, m.createdAt),
    // When the person completed it on their device: a from-completion series counts from then.
    'todo.complete': (u, p, m) => s.todos.complete(u, p.id, m.createdAt),
    'todo.reopen': (u, p) => s.todos.reopen(u, p.id),
    'todo.delete': (u, p) => s.todos.delete(u, p.id),
    'todo.addTags': (u, p) => s.todos.addTags(u, p.id, p.tagIds),
    'todo.removeTag': (u, p) => s.todos.removeTag(u, p.id, p.tagId),
    'reminder.add': (u, p, m) => s.reminders.add(u, p.todoId, p.reminder, m.createdAt),
    'reminder.delete': (u, p) => s.reminders.delete(u, p.todoId, p.reminderId),
    'reminder.snooze': (u, p) => s.reminders.snooze(u, p.todoId, p.reminderId, p.minutes),
    'tag.create': (u, p) => s.tags.create(u, p),
    'tag.update': (u, p) => s.tags.update(u, p.id, p.fields),
    'tag.delete': (u, p) => s.tags.delete(u, p.id),
    'list.create': (u, p) => s.lists.create(u, p),
    'list.update': (u, p) => s.lists.update(u, p.id, p.fields),
    'list.delete': (u, p) => s.lists.delete(u, p.id, p.todos),
    'subtask.add': (u, p) => s.subtasks.add(u, p.todoId, p.subtask),
    'subtask.update': (u, p) => s.subtasks.update(u, p.todoId, p.id, p.fields),
    'subtask.delete': (u, p) => s.subtasks.delete(u, p.todoId, p.id),
  };
}
