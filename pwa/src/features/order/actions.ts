// A move in manual order: the new position of the moved todo (and, rarely, of the few after it that
// shared a key), written in one step like any edit.
import type { Positioned } from '../../lib/positions.ts';
import { commit, mutation } from '../todos/actions.ts';

export function reorderTodos(updates: Positioned[]): void {
  void commit(...updates.map((u) => mutation('todo.update', { id: u.id, fields: { position: u.position } })));
}
