// The line a person reads in their history for one todo or tag event. Pure: no I/O.
import type { TodoEvent } from '@todo/contracts';

const FIELD_NAMES: Record<string, string> = {
  dueAt: 'due date',
  timeZone: 'time zone',
  tagIds: 'tags',
  status: 'status',
};

function fieldName(field: string): string {
  return FIELD_NAMES[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function quoted(title: string | undefined): string {
  if (!title) return 'a todo';
  const flat = title.replace(/\s+/g, ' ').trim();
  return `"${flat.length <= 120 ? flat : `${flat.slice(0, 119)}…`}"`;
}

function changed(data: Extract<TodoEvent, { type: 'todo.updated' }>['data']): string {
  const fields = [...new Set(data.changes.map(fieldName))];
  if (fields.length === 1 && data.changes[0] === 'reminderSent')
    return `Reminder due for ${quoted(data.title)}`;
  const named = fields.filter((f) => f !== 'reminder sent');
  return named.length > 0
    ? `Changed ${named.join(', ')} of ${quoted(data.title)}`
    : `Changed ${quoted(data.title)}`;
}

/** The line for an event; a change another member of a shared list made says who. */
export function summarize(event: TodoEvent): string {
  const by = 'by' in event.data ? event.data.by : undefined;
  return by ? `${what(event)} (by ${by.name || 'another member'})` : what(event);
}

function what(event: TodoEvent): string {
  switch (event.type) {
    case 'todo.created':
      return `Created ${quoted(event.data.title)}`;
    case 'todo.updated':
      return changed(event.data);
    case 'todo.completed':
      return event.data.nextTodoId
        ? `Completed ${quoted(event.data.title)}; the next one is scheduled`
        : `Completed ${quoted(event.data.title)}`;
    case 'todo.reopened':
      return `Reopened ${quoted(event.data.title)}`;
    case 'todo.deleted':
      return `Deleted ${quoted(event.data.title)}`;
    case 'tag.created':
      return event.data.name ? `Created tag ${quoted(event.data.name)}` : 'Created tag';
    case 'tag.updated':
      return event.data.name ? `Changed tag ${quoted(event.data.name)}` : 'Changed tag';
    case 'tag.deleted':
      return event.data.name ? `Deleted tag ${quoted(event.data.name)}` : 'Deleted tag';
    case 'list.updated':
      return `Changed list ${quoted(event.data.name)}`;
    case 'list.deleted':
      return `List ${quoted(event.data.name)} went away`;
  }
}
