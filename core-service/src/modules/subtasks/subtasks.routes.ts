import type { CoreHandlers } from '../../http/handlers.ts';
import type { SubtasksService } from './subtasks.service.ts';

export function subtaskHandlers(subtasks: SubtasksService) {
  return {
    addSubtask: ({ userId, params, body }) => subtasks.add(userId, params.id, body),
    updateSubtask: ({ userId, params, body }) => subtasks.update(userId, params.id, params.subtaskId, body),
    deleteSubtask: ({ userId, params }) => subtasks.delete(userId, params.id, params.subtaskId),
  } satisfies Partial<CoreHandlers>;
}
