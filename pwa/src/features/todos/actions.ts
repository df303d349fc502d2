// Every change the person makes: written to IndexedDB with its outbox mutation in one transaction,
// shown at once, and handed to sync. Nothing here waits for the network.
import type { Priority, RecurrenceInput, ReminderCreate, TodoPatch } from '@todo/contracts';
import { services, syncEngine } from '../../app/services.ts';
import { inLocalTx } from '../../db/local-tx.ts';
import type { MutationPayloadMap } from '../../db/records.ts';
import { entitiesOf, type Pending } from '../../sync/apply.ts';
import { uuidv7 } from '../../sync/ids.ts';
import { commitLocal } from '../../sync/local.ts';
import { loadRecurrence, predictNext } from '../../sync/next-occurrence.ts';

export function mutation<K extends keyof MutationPayloadMap>(
  type: K,
  payload: MutationPayloadMap[K],
): Pending {
  return { id: uuidv7(), type, payload, createdAt: new Date().toISOString() } as Pending;
}

export async function commit(...mutations: Pending[]): Promise<void> {
  if (mutations.length === 0) return;
  const { db, mirror } = services();
  // Shown at once from memory; IndexedDB commits the same records a moment later.
  mirror.preview(mutations);
  mirror.expect(
    mutations.flatMap((m) => entitiesOf(m).flatMap((key) => (key.startsWith('todo:') ? [key.slice(5)] : []))),
  );
  let written;
  try {
    written = await inLocalTx(db, (tx) => commitLocal(tx, mutations));
  } catch (err) {
    await mirror.reload();
    throw err;
  }
  mirror.applyWritten(written);
  syncEngine()?.requestSync();
  void askPersistence();
}

let persistAsked = false;
/** After the first real use, ask the browser not to evict the data (it may decide by itself). */
async function askPersistence(): Promise<void> {
  if (persistAsked) return;
  persistAsked = true;
  const { db } = services();
  if (await db.getMeta('persistAsked')) return;
  await db.setMeta('persistAsked', true);
  try {
    await navigator.storage?.persist?.();
  } catch {
    // not offered: the data still lives until the browser needs the space
  }
}

export interface NewTodo {
  title: string;
  description?: string;
  priority?: Priority;
  dueAt?: string | null;
  timeZone: string;
  tagIds?: string[];
  recurrence?: RecurrenceInput | null;
  reminders?: ReminderCreate[];
}

export async function createTodo(input: NewTodo, extra: Pending[] = []): Promise<string> {
  const id = uuidv7();
  const reminders = (input.reminders ?? []).map((r) => ({ ...r, id: r.id ?? uuidv7() }));
  await commit(...extra, mutation('todo.create', { ...input, id, reminders }));
  return id;
}

export const updateTodo = (id: string, fields: TodoPatch, extra: Pending[] = []) =>
  commit(mutation('todo.update', { id, fields }), ...extra);

export async function completeTodo(id: string): Promise<void> {
  const todo = services().mirror.get(id);
  const m = mutation('todo.complete', { id });
  if (todo?.recurrence && todo.series && todo.dueAt && todo.status === 'open') {
    const next = predictNext(todo, m.createdAt, await loadRecurrence(), uuidv7);
    if (next) return commit({ ...m, next });
  }
  return commit(m);
}

export const reopenTodo = (id: string) => commit(mutation('todo.reopen', { id }));
export const deleteTodo = (id: string) => commit(mutation('todo.delete', { id }));
export const addTags = (id: string, tagIds: string[]) => commit(mutation('todo.addTags', { id, tagIds }));
export const removeTag = (id: string, tagId: string) => commit(mutation('todo.removeTag', { id, tagId }));
export const addReminder = (todoId: string, reminder: ReminderCreate) =>
  commit(mutation('reminder.add', { todoId, reminder: { ...reminder, id: reminder.id ?? uuidv7() } }));
export const deleteReminder = (todoId: string, reminderId: string) =>
  commit(mutation('reminder.delete', { todoId, reminderId }));
