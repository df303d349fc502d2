// For benchmarks and browser tests only, when localStorage `todo:debug` is "1": the app's own write
// and sync functions on window, so a test drives the same code the UI does without typing 10,000 todos.
import * as todos from '../features/todos/actions.ts';
import { createTag } from '../features/tags/actions.ts';
import { inLocalTx } from '../db/local-tx.ts';
import * as local from '../sync/local.ts';
import { services, syncEngine } from '../sync/services.ts';

export function exposeDebug(): void {
  Object.assign(window, {
    todoDebug: {
      services,
      syncNow: () => syncEngine()?.syncNow(),
      engine: syncEngine,
      actions: { ...todos, createTag },
      local,
      inLocalTx,
    },
  });
}
