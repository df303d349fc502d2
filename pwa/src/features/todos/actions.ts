// Every change the person makes: written to IndexedDB with its outbox mutation in one transaction,
// shown at once, and handed to sync. Nothing here waits for the network.
import type {
  Priority,
  RecurrenceInput,
  ReminderCreate,
  Settings,
  SubtaskCreate,
  SubtaskPatch,
  TodoPatch,
  User,
} from '@todo/contracts';
import { inboxIdOf } from '@todo/todo-rules';
import { services, syncEngine } from '../../sync/services.ts';
import type { MutationPayloadMap } from '../../db/records.ts';
import type { Pending } from '../../sync/apply.ts';
import { defaultReminderId, uuidv7 } from '../../lib/ids.ts';
import { keyAfter, lastKey } from '../../lib/positions.ts';
import { completion, reopening } from '../../sync/next-occurrence.ts';

export function mutation<K extends keyof MutationPayloadMap>(
  type: K,
  payload: MutationPayloadMap[K],
): Pending {
  return { id: uuidv7(), type, payload, createdAt: new Date().toISOString() } as Pending;
}

export async function commit(...mutations: Pending[]): Promise<void> {
  if (mutations.length === 0) return;
  await services().mirror.commit(mutations);
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
  /** Made here when not given. */
  id?: string;
  title: string;
  description?: string;
  priority?: Priority;
  dueAt?: string | null;
  allDay?: boolean;
  timeZone: string;
  tagIds?: string[];
  recurrence?: RecurrenceInput | null;
  reminders?: ReminderCreate[];
  /** The Inbox when not given. */
  listId?: string;
  /** The end of the list when not given. */
  position?: string;
  assigneeId?: string | null;
  subtasks?: SubtaskCreate[];
}

/** The key after the last todo of a list, as this device sees it (the server would append the same way). */
export function endOfList(listId: string): string {
  const inList = [...services().mirror.getSnapshot().todos.values()].filter((t) => t.listId === listId);
  return keyAfter(lastKey(inList));
}

/** The signed-in person's Inbox (its id derives from theirs, as the server derives it). */
export async function currentInbox(): Promise<string | undefined> {
  const user = await services().db.getMeta<User>('user');
  return user ? inboxIdOf(user.id) : undefined;
}

/** The person's default reminder time, as last read from the server (09:00 until then, as there). */
async function defaultReminderTime(): Promise<string> {
  return (await services().db.getMeta<Settings>('settings'))?.defaultReminderTime ?? '09:00';
}

/**
 * An all-day todo created without reminders gets the server's default one (on the day at the person's
 * default time): made here too, with the id the server derives, so it shows at once and only once.
 */
export async function createTodo(input: NewTodo, extra: Pending[] = []): Promise<string> {
  const id = input.id ?? uuidv7();
  const asked =
    input.reminders ??
    (input.allDay && input.dueAt
      ? [{ id: defaultReminderId(id), timeOfDay: await defaultReminderTime() }]
      : []);
  const reminders = asked.map((r) => ({ ...r, id: r.id ?? uuidv7() }));
  // The list and the place in it are named, so the todo shows here where the server will put it.
  const listId = input.listId ?? (await currentInbox());
  const placed = listId ? { listId, position: input.position ?? endOfList(listId) } : {};
  const subtasks = input.subtasks?.map((s) => ({ ...s, id: s.id ?? uuidv7() }));
  await commit(
    ...extra,
    mutation('todo.create', { ...input, id, reminders, ...placed, ...(subtasks ? { subtasks } : {}) }),
  );
  return id;
}

export const updateTodo = (id: string, fields: TodoPatch, extra: Pending[] = []) =>
  commit(mutation('todo.update', { id, fields }), ...extra);

export async function completeTodo(id: string): Promise<void> {
  const m = mutation('todo.complete', { id }) as Extract<Pending, { type: 'todo.complete' }>;
  return commit(await completion(m, services().mirror.get(id), uuidv7));
}

/** Reopening a completed recurring todo undoes its completion: the occurrence it made goes too. */
export async function reopenTodo(id: string): Promise<void> {
  const m = mutation('todo.reopen', { id }) as Extract<Pending, { type: 'todo.reopen' }>;
  return commit(await reopening(m, services().mirror.get(id)));
}

export const deleteTodo = (id: string) => commit(mutation('todo.delete', { id }));
export const addTags = (id: string, tagIds: string[]) => commit(mutation('todo.addTags', { id, tagIds }));
export const removeTag = (id: string, tagId: string) => commit(mutation('todo.removeTag', { id, tagId }));
export const addReminder = (todoId: string, reminder: ReminderCreate) =>
  commit(mutation('reminder.add', { todoId, reminder: { ...reminder, id: reminder.id ?? uuidv7() } }));
export const snoozeReminder = (todoId: string, reminderId: string, minutes: number) =>
  commit(mutation('reminder.snooze', { todoId, reminderId, minutes }));
export const deleteReminder = (todoId: string, reminderId: string) =>
  commit(mutation('reminder.delete', { todoId, reminderId }));

/** Moving a todo to another list is one edit: it goes to the end of that list. */
export const moveTodo = (id: string, listId: string) =>
  updateTodo(id, { listId, position: endOfList(listId) });
/** Who of a shared list's members does it; null for nobody. */
export const setAssignee = (id: string, assigneeId: string | null) => updateTodo(id, { assigneeId });

/** A subtask at the end of the checklist (unless a place is given); its id is returned. */
export async function addSubtask(
  todoId: string,
  title: string,
  options: { done?: boolean; position?: string } = {},
): Promise<string> {
  const id = uuidv7();
  await commit(mutation('subtask.add', { todoId, subtask: { id, title: title.trim(), ...options } }));
  return id;
}
export const updateSubtask = (todoId: string, id: string, fields: SubtaskPatch) =>
  commit(mutation('subtask.update', { todoId, id, fields }));
export const deleteSubtask = (todoId: string, id: string) =>
  commit(mutation('subtask.delete', { todoId, id }));
