// A model of the server's sync rules, written independently of the client's apply functions so tests can
// check the client against it: mutations applied in arrival order, per-field last write wins, a delete
// wins over any later edit and leaves a tombstone, a mutation id is applied at most once, and a pull
// returns the latest state of everything changed since a cursor, in pages. Due times and reminders follow
// @todo/todo-rules, as core-service's do: an all-day todo's due time sits at the start of its date in its
// zone, relative and on-the-day reminders follow it, and one that becomes all-day gets the default
// reminder (at the person's REMINDER_TIME). Snoozing is not modelled (it fires from the server's clock).
import type {
  Change,
  MutationPayloadMap,
  Mutation as WireMutation,
  MutationResult,
  PullResult,
  Reminder,
  ReminderCreate,
  Tag,
  Todo,
} from '@todo/contracts';
import { nextOccurrence, normalizeRecurrence, occurrenceId } from '@todo/recurrence';
import {
  carriedRemindAt,
  defaultReminder,
  defaultReminderId,
  dueAfter,
  firstRemindAt,
  followDue,
  getsDefaultReminder,
  normalizeDue,
  type DueTime,
} from '@todo/todo-rules';
import type { SyncApi } from '../cycle.ts';

/** The person's default reminder time (their settings). */
export const REMINDER_TIME = '09:00';

const byTime = (a: Reminder, b: Reminder) => a.remindAt.localeCompare(b.remindAt) || a.id.localeCompare(b.id);

interface Entry<T> {
  value: T | null;
  version: number;
}

export class ModelServer {
  version = 0;
  todos = new Map<string, Entry<Todo>>();
  tags = new Map<string, Entry<Tag>>();
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
    if (p.recurrence && dueAt)
      this.series.set(p.id, { seriesId: p.id, seriesStart: dueAt, occurrenceIndex: 1 });
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
      // Lists, manual order, assignees and checklists (issue 13) are not modelled here: the devices
      // this model serves know nothing of them yet, so their todos go without those fields.
    } as Todo);
    return null;
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
