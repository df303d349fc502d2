// Each mutation type carried out by the service that owns the rule, exactly as the API would.
import type {
  Mutation,
  MutationType,
  ReminderCreate,
  TagCreate,
  TagPatch,
  TodoCreate,
  TodoPatch,
} from '@todo/contracts';
import type { RemindersService } from '../reminders/reminders.service.ts';
import type { TagsService } from '../tags/tags.service.ts';
import type { TodosService } from '../todos/todos.service.ts';

type Handler = (userId: string, payload: unknown, mutation: Pick<Mutation, 'createdAt'>) => Promise<unknown>;
export type MutationHandlers = Record<MutationType, Handler>;

export function mutationHandlers(s: {
  todos: TodosService;
  tags: TagsService;
  reminders: RemindersService;
}): MutationHandlers {
  const h = <T>(fn: (userId: string, p: T, m: Pick<Mutation, 'createdAt'>) => Promise<unknown>) =>
    fn as Handler;
  return {
    'todo.create': h<TodoCreate>((u, p) => s.todos.create(u, p)),
    'todo.update': h<{ id: string; fields: TodoPatch }>((u, p) => s.todos.update(u, p.id, p.fields)),
    // When the person completed it on their device: a from-completion series counts from then.
    'todo.complete': h<{ id: string }>((u, p, m) => s.todos.complete(u, p.id, m.createdAt)),
    'todo.reopen': h<{ id: string }>((u, p) => s.todos.reopen(u, p.id)),
    'todo.delete': h<{ id: string }>((u, p) => s.todos.delete(u, p.id)),
    'todo.addTags': h<{ id: string; tagIds: string[] }>((u, p) => s.todos.addTags(u, p.id, p.tagIds)),
    'todo.removeTag': h<{ id: string; tagId: string }>((u, p) => s.todos.removeTag(u, p.id, p.tagId)),
    'reminder.add': h<{ todoId: string; reminder: ReminderCreate }>((u, p) =>
      s.reminders.add(u, p.todoId, p.reminder),
    ),
    'reminder.delete': h<{ todoId: string; reminderId: string }>((u, p) =>
      s.reminders.delete(u, p.todoId, p.reminderId),
    ),
    'reminder.snooze': h<{ todoId: string; reminderId: string; minutes: number }>((u, p) =>
      s.reminders.snooze(u, p.todoId, p.reminderId, p.minutes),
    ),
    'tag.create': h<TagCreate>((u, p) => s.tags.create(u, p)),
    'tag.update': h<{ id: string; fields: TagPatch }>((u, p) => s.tags.update(u, p.id, p.fields)),
    'tag.delete': h<{ id: string }>((u, p) => s.tags.delete(u, p.id)),
  };
}
