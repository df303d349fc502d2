// A model of the server's sync rules, written independently of the client's apply functions so tests can
// check the client against it: mutations applied in arrival order, per-field last write wins, a delete
// wins over any later edit and leaves a tombstone, a mutation id is applied at most once, and a pull
// returns the latest state of everything changed since a cursor, in pages. Due times and reminders follow
// @todo/todo-rules, as core-service's do: an all-day todo's due time sits at the start of its date in its
// zone, relative and on-the-day reminders follow it, and one that becomes all-day gets the default
// reminder (at the person's REMINDER_TIME). Snoozing is not modelled (it fires from the server's clock).
// Lists are one person's (no members): every todo sits in one, the Inbox unless the device names another;
// a todo's place in its list and a checklist's order are fractional keys, the end of the list by default.
import type {
  Change,
  List,
  MutationPayloadMap,
  Mutation as WireMutation,
  MutationResult,
  PullResult,
  Reminder,
  ReminderCreate,
  Subtask,
  Tag,
  Todo,
} from '@todo/contracts';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { nextOccurrence, normalizeRecurrence, occurrenceId } from '@todo/recurrence';
import {
  carriedRemindAt,
  defaultReminder,
  defaultReminderId,
  dueAfter,
  firstRemindAt,
  followDue,
  getsDefaultReminder,
  inboxIdOf,
  normalizeDue,
  type DueTime,
} from '@todo/todo-rules';
import type { SyncApi } from '../cycle.ts';

/** The person's default reminder time (their settings). */
export const REMINDER_TIME = '09:00';

/** The person the model serves (a device stores them at sign-in), and their Inbox. */
export const MODEL_USER = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  email: 'ana@example.com',
  name: 'Ana',
  timeZone: 'UTC',
};
export const MODEL_INBOX = inboxIdOf(MODEL_USER.id);

const keyOrder = (a: { position: string; id: string }, b: { position: string; id: string }) =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const byTime = (a: Reminder, b: Reminder) => a.remindAt.localeCompare(b.remindAt) || a.id.localeCompare(b.id);

interface Entry<T> {
  value: T | null;
  version: number;
}

export class ModelServer {
  version = 0;
  todos = new Map<string, Entry<Todo>>();
  tags = new Map<string, Entry<Tag>>();
  /** The Inbox is there from the start at version 0: like the server's, it is pulled once it changes. */
  lists = new Map<string, Entry<List>>([
    [
      MODEL_INBOX,
      {
        version: 0,
        value: {
          id: MODEL_INBOX,
          name: 'Inbox',
          color: '#4b5563',
          icon: null,
          position: 'a0',
          archived: false,
          inbox: true,
          role: 'owner',
          members: [{ userId: MODEL_USER.id, email: MODEL_USER.email, name: MODEL_USER.name, role: 'owner' }],
        },
      },
    ],
  ]);
  private seen = new Map<string, MutationResult>();
  private series = new Map<string, { seriesId: string; seriesStart: string; occurrenceIndex: number }>();
  clock = Date.parse('2030-01-01T00:00:00Z');

  /** `exposeSeries`: pulls carry seriesId/seriesStart/occurrenceIndex (the public Todo does not yet). */
  constructor(readonly options: { exposeSeries?: boolean } = {}) {}

  api(options: { loseNextResponse?: () => boolean } = {}): SyncApi {
    return {
      push: async (body) => {
        const results = body.mutations.map((m) => this.apply(m));
        if (options.loseNextResponse?.()) throw new Error('response lost');
        return { results };
      },
      pull: async (cursor, limit) => this.pull(cursor, limit),
    };
  }

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  apply(m: WireMutation): MutationResult {
    const before = this.seen.get(m.id);
    if (before) return before.status === 'rejected' ? before : { id: m.id, status: 'duplicate' };
    const problem = this.run(m);
    const result: MutationResult = problem
      ? { id: m.id, status: 'rejected', problem: { type: 'conflict', status: 409, detail: problem } }
      : { id: m.id, status: 'applied' };
    this.seen.set(m.id, result);
    return result;
  }

  private bump<T>(map: Map<string, Entry<T>>, id: string, value: T | null) {
    map.set(id, { value, version: ++this.version });
  }

  private live(id: string): Todo | null {
    return this.todos.get(id)?.value ?? null;
  }

  /** Applies a mutation; returns why it was refused, or null. */
  private run(m: WireMutation): string | null {
    const p = m.payload as never;
    switch (m.type) {
      case 'todo.create':
        return this.create(p, m.id);
      case 'todo.update':
        return this.update(p);
      case 'todo.complete':
      case 'todo.reopen': {
        const { id } = p as MutationPayloadMap['todo.complete'];
        const todo = this.live(id);
        if (!todo) return 'not found';
        const status = m.type === 'todo.complete' ? 'done' : 'open';
        if (todo.status === status) return null;
        const now = this.now();
        if (status === 'done') this.createNext(todo, now);
        else this.removeNext(todo);
        this.touch(id, { status, completedAt: status === 'done' ? now : null });
        return null;
      }
      case 'todo.delete': {
        const { id } = p as MutationPayloadMap['todo.delete'];
        if (!this.live(id)) return 'not found';
        this.bump(this.todos, id, null);
        return null;
      }
      case 'todo.addTags': {
        const { id, tagIds } = p as MutationPayloadMap['todo.addTags'];
        const todo = this.live(id);
        if (!todo) return 'not found';
        if (tagIds.some((t) => !this.tags.get(t)?.value)) return 'unknown tag';
        const added = tagIds.filter((t) => !todo.tags.some((x) => x.id === t));
        if (added.length)
          this.touch(id, { tags: [...todo.tags, ...added.map((t) => this.tags.get(t)!.value!)] });
        return null;
      }
      case 'todo.removeTag': {
        const { id, tagId } = p as MutationPayloadMap['todo.removeTag'];
        const todo = this.live(id);
        if (!todo) return 'not found';
        if (!this.tags.get(tagId)?.value) return 'unknown tag';
        if (todo.tags.some((t) => t.id === tagId))
          this.touch(id, { tags: todo.tags.filter((t) => t.id !== tagId) });
        return null;
      }
      case 'reminder.add':
        return this.addReminder(p, m.id);
      case 'reminder.delete':
        return this.deleteReminder(p);
      case 'tag.create':
        return this.createTag(p);
      case 'tag.update':
        return this.updateTag(p);
      case 'tag.delete':
        return this.deleteTag(p);
      case 'subtask.add':
      case 'subtask.update':
      case 'subtask.delete':
        return this.checklist(m.type, p);
      case 'list.create':
        return this.createList(p);
      case 'list.update':
        return this.updateList(p);
      case 'list.delete':
        return this.deleteList(p);
      default:
        return 'not modelled';
    }
  }

  private touch(id: string, fields: Partial<Todo>) {
    const todo = this.live(id)!;
    this.bump(this.todos, id, { ...todo, ...fields, updatedAt: this.now(), version: this.version + 1 });
  }

  /** Where the series goes after `todo` when completed at `completedAt`. */
  private nextOf(todo: Todo, completedAt: string) {
    const series = this.series.get(todo.id);
    if (!todo.recurrence || !series || !todo.dueAt) return null;
    const due = nextOccurrence({
      recurrence: todo.recurrence,
      seriesStart: series.seriesStart,
      timeZone: todo.timeZone,
      currentDueAt: todo.dueAt,
      completedAt,
      occurrenceIndex: series.occurrenceIndex,
    });
    return due ? { series, due, id: occurrenceId(series.seriesId, due) } : null;
  }

  /** Reopening undoes the completion: the occurrence it made goes, unless it was completed in its turn. */
  private removeNext(todo: Todo) {
    const next = todo.completedAt ? this.nextOf(todo, todo.completedAt) : null;
    if (next && this.live(next.id)?.status === 'open') this.bump(this.todos, next.id, null);
  }

  /** Completing a recurring todo creates its next occurrence once: its id derives from series and due time. */
  private createNext(todo: Todo, now: string) {
    const next = this.nextOf(todo, now);
    if (!next || this.live(next.id)) return;
    const { series, due, id } = next;
    this.series.set(id, { ...series, occurrenceIndex: series.occurrenceIndex + 1 });
    const reminders = todo.reminders.map((r) => ({
      ...r,
      // The default reminder stays the default one; others get new ids (the server's are random).
      id: r.id === defaultReminderId(todo.id) ? defaultReminderId(id) : crypto.randomUUID(),
      remindAt: carriedRemindAt(r, todo.dueAt!, due, todo.timeZone),
      sentAt: null,
    }));
    this.bump(this.todos, id, {
      ...todo,
      id,
      reminders: reminders.sort(byTime),
      dueAt: due,
      status: 'open',
      completedAt: null,
      createdAt: now,
      updatedAt: now,
      version: this.version + 1,
    });
  }

  /** The reminders a create asks for; an all-day todo that asks for none gets the default one. */
  private newReminders(
    p: MutationPayloadMap['todo.create'],
    due: DueTime & { allDay: boolean },
    mutationId: string,
  ) {
    const asked: ReminderCreate[] =
      p.reminders ??
      (getsDefaultReminder(null, due, 0) ? [{ id: defaultReminderId(p.id), timeOfDay: REMINDER_TIME }] : []);
    const made = asked.map((r, i) => reminderOf(r, due, `${mutationId}-${i}`));
    return made.every((r) => r !== null) ? made.sort(byTime) : null;
  }

  private create(p: MutationPayloadMap['todo.create'], mutationId: string): string | null {
    if (this.live(p.id)) return null;
    if (this.todos.has(p.id)) return 'id was deleted';
    if ((p.tagIds ?? []).some((t) => !this.tags.get(t)?.value)) return 'unknown tag';
    if (p.recurrence && !p.dueAt) return 'a recurring todo needs a due date';
    const now = this.now();
    const allDay = p.allDay ?? false;
    const timeZone = p.timeZone ?? 'UTC';
    const dueAt = normalizeDue(p.dueAt ?? null, allDay, timeZone);
    const reminders = this.newReminders(p, { dueAt, allDay, timeZone }, mutationId);
    if (!reminders) return 'a reminder relative to the due date needs one';
    const listId = p.listId ?? MODEL_INBOX;
    if (!this.lists.get(listId)?.value) return 'list not found';
    if (p.recurrence && dueAt)
      this.series.set(p.id, { seriesId: p.id, seriesStart: dueAt, occurrenceIndex: 1 });
    const keys = generateNKeysBetween(null, null, p.subtasks?.length ?? 0);
    this.bump(this.todos, p.id, {
      id: p.id,
      title: p.title.trim(),
      description: p.description ?? '',
      status: 'open',
      priority: p.priority ?? 'medium',
      dueAt,
      allDay,
      timeZone,
      tags: [...new Set(p.tagIds ?? [])].map((t) => this.tags.get(t)!.value!),
      recurrence: p.recurrence ? normalizeRecurrence(p.recurrence) : null,
      reminders,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
      version: this.version + 1,
      listId,
      position: p.position ?? generateKeyBetween(this.lastCreated.get(listId) ?? null, null),
      assigneeId: p.assigneeId ?? null,
      subtasks: (p.subtasks ?? [])
        .map((s, i) => ({
          id: s.id ?? crypto.randomUUID(),
          title: s.title.trim(),
          done: s.done ?? false,
          position: s.position ?? keys[i]!,
        }))
        .sort(keyOrder),
    });
    const { position } = this.live(p.id)!;
    if (position > (this.lastCreated.get(listId) ?? '')) this.lastCreated.set(listId, position);
    return null;
  }

  /**
   * The greatest key given to a todo created in each list: a create without a key goes after it (as the
   * server's does after the list's last todo, but without a scan per create: tests create thousands; the
   * app always names the key). Moves and deletions go by the exact lastPosition.
   */
  private lastCreated = new Map<string, string>();

  private lastPosition(listId: string): string | null {
    let last: string | null = null;
    for (const e of this.todos.values())
      if (e.value?.listId === listId && (last === null || e.value.position > last)) last = e.value.position;
    return last;
  }

  private update({ id, fields }: MutationPayloadMap['todo.update']): string | null {
    const todo = this.live(id);
    if (!todo) return 'not found';
    if ((fields.tagIds ?? []).some((t) => !this.tags.get(t)?.value)) return 'unknown tag';
    const next: Partial<Todo> = {};
    if (fields.title !== undefined) next.title = fields.title.trim();
    if (fields.description !== undefined) next.description = fields.description;
    if (fields.priority !== undefined) next.priority = fields.priority;
    const due = dueAfter(todo, fields);
    Object.assign(next, due);
    if (fields.tagIds !== undefined)
      next.tags = [...new Set(fields.tagIds)].map((t) => this.tags.get(t)!.value!);
    if (next.dueAt !== todo.dueAt && todo.recurrence) {
      if (!next.dueAt) return 'a recurring todo needs a due date';
      const series = this.series.get(id);
      if (series) this.series.set(id, { ...series, seriesStart: next.dueAt });
    }
    if (due.dueAt !== todo.dueAt || due.timeZone !== todo.timeZone)
      next.reminders = followDue(todo.reminders, due, new Date(this.clock).toISOString()).sort(byTime);
    if (fields.listId !== undefined && fields.listId !== todo.listId) {
      if (!this.lists.get(fields.listId)?.value) return 'list not found';
      next.listId = fields.listId;
      next.position = fields.position ?? generateKeyBetween(this.lastPosition(fields.listId), null);
    } else if (fields.position !== undefined) next.position = fields.position;
    if (fields.assigneeId !== undefined) next.assigneeId = fields.assigneeId;
    if (due.dueAt && getsDefaultReminder(todo, due, (next.reminders ?? todo.reminders).length))
      next.reminders = [
        { ...defaultReminder(id, { ...due, dueAt: due.dueAt }, REMINDER_TIME), sentAt: null },
      ];
    this.touch(id, next);
    return null;
  }

  /** Adding a reminder the todo has (same id) changes nothing, as on the server. */
  private addReminder(
    { todoId, reminder }: MutationPayloadMap['reminder.add'],
    mutationId: string,
  ): string | null {
    const todo = this.live(todoId);
    if (!todo) return 'not found';
    if (todo.reminders.some((r) => r.id === (reminder.id ?? mutationId))) return null;
    const made = reminderOf(reminder, todo, mutationId);
    if (!made) return 'a reminder relative to the due date needs one';
    this.touch(todoId, { reminders: [...todo.reminders, made].sort(byTime) });
    return null;
  }

  private deleteReminder({ todoId, reminderId }: MutationPayloadMap['reminder.delete']): string | null {
    const todo = this.live(todoId);
    if (!todo || !todo.reminders.some((r) => r.id === reminderId)) return 'not found';
    this.touch(todoId, { reminders: todo.reminders.filter((r) => r.id !== reminderId) });
    return null;
  }

  private createTag(p: MutationPayloadMap['tag.create']): string | null {
    if (this.tags.get(p.id)?.value) return null;
    if (this.tags.has(p.id)) return 'id was deleted';
    if (this.nameTaken(p.name, p.id)) return `Tag '${p.name}' already exists`;
    this.bump(this.tags, p.id, {
      id: p.id,
      name: p.name.trim(),
      color: (p.color ?? '#4b5563').toLowerCase(),
    });
    return null;
  }

  private updateTag({ id, fields }: MutationPayloadMap['tag.update']): string | null {
    const tag = this.tags.get(id)?.value;
    if (!tag) return 'not found';
    if (fields.name !== undefined && this.nameTaken(fields.name, id))
      return `Tag '${fields.name}' already exists`;
    const next = { ...tag, ...fields, ...(fields.color ? { color: fields.color.toLowerCase() } : {}) };
    this.bump(this.tags, id, next);
    // A todo carries its tags' current names in the public shape.
    for (const [todoId, entry] of this.todos) {
      if (entry.value?.tags.some((t) => t.id === id)) {
        this.todos.set(todoId, {
          ...entry,
          value: { ...entry.value, tags: entry.value.tags.map((t) => (t.id === id ? next : t)) },
        });
      }
    }
    return null;
  }

  private deleteTag({ id }: MutationPayloadMap['tag.delete']): string | null {
    if (!this.tags.get(id)?.value) return 'not found';
    this.bump(this.tags, id, null);
    for (const [todoId, entry] of this.todos) {
      if (entry.value?.tags.some((t) => t.id === id))
        this.touch(todoId, { tags: entry.value.tags.filter((t) => t.id !== id) });
    }
    return null;
  }

  private checklist(
    type: 'subtask.add' | 'subtask.update' | 'subtask.delete',
    p:
      | MutationPayloadMap['subtask.add']
      | MutationPayloadMap['subtask.update']
      | MutationPayloadMap['subtask.delete'],
  ): string | null {
    const todo = this.live(p.todoId);
    if (!todo) return 'not found';
    let subtasks: Subtask[];
    if (type === 'subtask.add') {
      const { subtask } = p as MutationPayloadMap['subtask.add'];
      if (todo.subtasks.some((s) => s.id === subtask.id)) return null;
      const last =
        todo.subtasks
          .map((s) => s.position)
          .sort()
          .at(-1) ?? null;
      const made = {
        id: subtask.id,
        title: subtask.title.trim(),
        done: subtask.done ?? false,
        position: subtask.position ?? generateKeyBetween(last, null),
      };
      subtasks = [...todo.subtasks, made];
    } else {
      const { id } = p as MutationPayloadMap['subtask.delete'];
      if (!todo.subtasks.some((s) => s.id === id)) return 'subtask not found';
      if (type === 'subtask.delete') subtasks = todo.subtasks.filter((s) => s.id !== id);
      else {
        const { fields } = p as MutationPayloadMap['subtask.update'];
        const title = fields.title?.trim();
        subtasks = todo.subtasks.map((s) =>
          s.id === id ? { ...s, ...fields, ...(title ? { title } : {}) } : s,
        );
      }
    }
    this.touch(p.todoId, { subtasks: subtasks.sort(keyOrder) });
    return null;
  }

  private createList(p: MutationPayloadMap['list.create']): string | null {
    if (this.lists.get(p.id)?.value) return null;
    if (this.lists.has(p.id)) return 'id was deleted';
    const last = [...this.lists.values()]
      .flatMap((e) => (e.value ? [e.value.position] : []))
      .sort()
      .at(-1);
    this.bump(this.lists, p.id, {
      id: p.id,
      name: p.name.trim(),
      color: (p.color ?? '#2563eb').toLowerCase(),
      icon: p.icon ?? null,
      position: p.position ?? generateKeyBetween(last ?? null, null),
      archived: false,
      inbox: false,
      role: 'owner',
      members: [],
    });
    return null;
  }

  private updateList({ id, fields }: MutationPayloadMap['list.update']): string | null {
    const list = this.lists.get(id)?.value;
    if (!list) return 'not found';
    if (list.inbox && (fields.name !== undefined || fields.archived !== undefined))
      return 'The Inbox cannot be renamed or archived';
    const name = fields.name?.trim();
    const color = fields.color?.toLowerCase();
    this.bump(this.lists, id, { ...list, ...fields, ...(name ? { name } : {}), ...(color ? { color } : {}) });
    return null;
  }

  private deleteList({ id, todos }: MutationPayloadMap['list.delete']): string | null {
    const list = this.lists.get(id)?.value;
    if (!list) return 'not found';
    if (list.inbox) return 'The Inbox cannot be deleted';
    // In the list's manual order, each to the end of the Inbox.
    const inList = [...this.todos.values()]
      .flatMap((e) => (e.value?.listId === id ? [e.value] : []))
      .sort(keyOrder);
    for (const todo of inList) {
      if (todos === 'delete') this.bump(this.todos, todo.id, null);
      else {
        const position = generateKeyBetween(this.lastPosition(MODEL_INBOX), null);
        this.touch(todo.id, { listId: MODEL_INBOX, position, assigneeId: null });
      }
    }
    this.bump(this.lists, id, null);
    return null;
  }

  private nameTaken(name: string, except: string): boolean {
    return [...this.tags.values()].some(
      (e) => e.value && e.value.id !== except && e.value.name.toLowerCase() === name.trim().toLowerCase(),
    );
  }

  pull(cursor: number, limit: number): PullResult {
    const changed: Change[] = [];
    for (const [id, e] of this.todos) {
      if (e.version <= cursor) continue;
      const series = this.options.exposeSeries ? this.series.get(id) : undefined;
      const todo = e.value && series ? { ...e.value, ...series } : e.value;
      changed.push({ entity: 'todo', id, version: e.version, deleted: !e.value, todo });
    }
    for (const [id, e] of this.tags) {
      if (e.version > cursor)
        changed.push({ entity: 'tag', id, version: e.version, deleted: !e.value, tag: e.value });
    }
    for (const [id, e] of this.lists) {
      if (e.version > cursor)
        changed.push({ entity: 'list', id, version: e.version, deleted: !e.value, list: e.value });
    }
    changed.sort((a, b) => a.version - b.version);
    const page = changed.slice(0, limit);
    const more = changed.length > limit;
    return {
      changes: page,
      cursor: more ? page.at(-1)!.version : Math.max(cursor, this.version),
      more,
      reset: false,
    };
  }
}

/** A new reminder by the shared rules; null when it is relative to a due date the todo lacks. */
function reminderOf(input: ReminderCreate, due: DueTime, fallbackId: string): Reminder | null {
  const remindAt = firstRemindAt(input, due);
  if (remindAt === null) return null;
  const { offsetMinutes = null, timeOfDay = null } = input;
  return { id: input.id ?? fallbackId, remindAt, offsetMinutes, timeOfDay, sentAt: null };
}
