import type { CoreHandlers } from '../../http/handlers.ts';
import type { TodosService } from './todos.service.ts';

export function todoHandlers(todos: TodosService) {
  return {
    listTodos: ({ userId, query }) => todos.list(userId, query),
    filterTodos: ({ userId, query }) => todos.list(userId, query),
    sortTodos: ({ userId, query: { by, ...rest } }) =>
      todos.list(userId, { ...rest, ...(by ? { sort: by } : {}) }),
    todosByPriority: ({ userId, params, query }) =>
      todos.list(userId, { ...query, priority: [params.level] }),
    searchTodos: ({ userId, query }) => todos.search(userId, query),
    createTodo: ({ userId, body }) => todos.create(userId, body),
    getTodo: ({ userId, params }) => todos.get(userId, params.id),
    updateTodo: ({ userId, params, body }) => todos.update(userId, params.id, body),
    deleteTodo: ({ userId, params }) => todos.delete(userId, params.id),
    completeTodo: ({ userId, params }) => todos.complete(userId, params.id),
    reopenTodo: ({ userId, params }) => todos.reopen(userId, params.id),
    setPriority: ({ userId, params, body }) => todos.update(userId, params.id, body),
    addTodoTags: ({ userId, params, body }) => todos.addTags(userId, params.id, body.tagIds),
    removeTodoTag: ({ userId, params }) => todos.removeTag(userId, params.id, params.tagId),
    setRecurrence: ({ userId, params, body }) => todos.update(userId, params.id, { recurrence: body }),
    clearRecurrence: ({ userId, params }) => todos.update(userId, params.id, { recurrence: null }),
  } satisfies Partial<CoreHandlers>;
}
