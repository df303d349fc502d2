import type { TodoCreate, TodoListQuery, TodoPatch } from '@todo/contracts';
import type { Handlers } from '@todo/platform';
import type { TodosService } from './todos.service.ts';

type Query = TodoListQuery & { by?: TodoListQuery['sort'] };

export function todoHandlers(todos: TodosService): Handlers {
  return {
    listTodos: ({ userId, query }) => todos.list(userId, query as TodoListQuery),
    filterTodos: ({ userId, query }) => todos.list(userId, query as TodoListQuery),
    sortTodos: ({ userId, query }) => {
      const { by, ...rest } = query as Query;
      return todos.list(userId, { ...rest, ...(by ? { sort: by } : {}) });
    },
    todosByPriority: ({ userId, params, query }) =>
      todos.list(userId, { ...(query as TodoListQuery), priority: [params.level as 'low'] }),
    searchTodos: ({ userId, query }) => todos.search(userId, query as TodoListQuery & { q: string }),
    createTodo: ({ userId, body }) => todos.create(userId, body as TodoCreate),
    getTodo: ({ userId, params }) => todos.get(userId, params.id!),
    updateTodo: ({ userId, params, body }) => todos.update(userId, params.id!, body as TodoPatch),
    deleteTodo: ({ userId, params }) => todos.delete(userId, params.id!),
    completeTodo: ({ userId, params }) => todos.complete(userId, params.id!),
    reopenTodo: ({ userId, params }) => todos.reopen(userId, params.id!),
    setPriority: ({ userId, params, body }) => todos.update(userId, params.id!, body as TodoPatch),
    addTodoTags: ({ userId, params, body }) =>
      todos.addTags(userId, params.id!, (body as { tagIds: string[] }).tagIds),
    removeTodoTag: ({ userId, params }) => todos.removeTag(userId, params.id!, params.tagId!),
    setRecurrence: ({ userId, params, body }) =>
      todos.update(userId, params.id!, { recurrence: body as TodoPatch['recurrence'] }),
    clearRecurrence: ({ userId, params }) => todos.update(userId, params.id!, { recurrence: null }),
  };
}
