// The history entries, newest first: an icon for the kind of change, the server's summary (a link to
// the todo while it still exists here) and when it happened, in the person's time zone.
import type { ActivityItem } from '@todo/contracts';
import { Fragment, type ReactElement } from 'react';
import { onLinkClick } from '../../lib/router.ts';
import { cx } from '../../ui/classes.ts';
import { BellIcon, CheckIcon, EditIcon, PlusIcon, TagIcon, TrashIcon, UndoIcon } from '../../ui/icons.tsx';
import { formatDue, formatTime } from '../todos/format.ts';
import { startOfLocalDay } from '@todo/todo-rules';

type Kind = 'created' | 'changed' | 'completed' | 'reopened' | 'deleted' | 'reminder' | 'tag';

function kindOf(item: ActivityItem): Kind {
  if (item.type.startsWith('tag.')) return 'tag';
  if (item.type.startsWith('reminder.') || item.summary.startsWith('Reminder due')) return 'reminder';
  switch (item.type) {
    case 'todo.created':
      return 'created';
    case 'todo.completed':
      return 'completed';
    case 'todo.reopened':
      return 'reopened';
    case 'todo.deleted':
      return 'deleted';
    default:
      return 'changed';
  }
}

const ICONS: Record<Kind, (p: { className?: string }) => ReactElement> = {
  created: PlusIcon,
  changed: EditIcon,
  completed: CheckIcon,
  reopened: UndoIcon,
  deleted: TrashIcon,
  reminder: BellIcon,
  tag: TagIcon,
};

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(undefined, { timeZone, ...options })));
  return f;
}

function dayLabel(ms: number, timeZone: string, now: number): string {
  if (ms >= startOfLocalDay(now, timeZone)) return 'Today';
  if (ms >= startOfLocalDay(now, timeZone, -1)) return 'Yesterday';
  const year = fmt(timeZone, { year: 'numeric' });
  const sameYear = year.format(ms) === year.format(now);
  return fmt(timeZone, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ms);
}

interface Props {
  items: ActivityItem[];
  timeZone: string;
  now: number;
  /** Todos that exist on this device: their entries link to them. */
  exists: (todoId: string) => boolean;
  /** Day headings (the activity screen); the editor's history is short enough without. */
  grouped?: boolean;
  label: string;
}

interface EntryProps {
  item: ActivityItem;
  exists: Props['exists'];
  /** The time alone under a day heading, else with its day ("Yesterday 5:00 PM"). */
  when: (ms: number) => string;
}

function Entry({ item, exists, when }: EntryProps) {
  const kind = kindOf(item);
  const Icon = ICONS[kind];
  const ms = Date.parse(item.at);
  const linked = item.todoId !== null && kind !== 'deleted' && exists(item.todoId);
  return (
    <li className="activity-item">
      <span className={cx('activity-icon', `activity-${kind}`)} aria-hidden="true">
        <Icon className="icon icon-sm" />
      </span>
      <span className="activity-text">
        {linked ? (
          <a href={`/todos/${item.todoId}`} onClick={onLinkClick} className="activity-summary">
            {item.summary}
          </a>
        ) : (
          <span className="activity-summary">{item.summary}</span>
        )}
        <time className="activity-time" dateTime={item.at} title={new Date(ms).toLocaleString()}>
          {when(ms)}
        </time>
      </span>
    </li>
  );
}

export function ActivityList({ items, timeZone, now, exists, grouped = false, label }: Props) {
  if (!grouped) {
    const when = (ms: number) => formatDue(new Date(ms).toISOString(), timeZone, now);
    return (
      <ul className="activity-list" aria-label={label}>
        {items.map((item) => (
          <Entry key={item.id} item={item} exists={exists} when={when} />
        ))}
      </ul>
    );
  }
  const time = (ms: number) => formatTime(ms, timeZone);
  const days: { label: string; items: ActivityItem[] }[] = [];
  for (const item of items) {
    const day = dayLabel(Date.parse(item.at), timeZone, now);
    const last = days[days.length - 1];
    if (last && last.label === day) last.items.push(item);
    else days.push({ label: day, items: [item] });
  }
  return (
    <div className="activity-days">
      {days.map((day, i) => (
        <Fragment key={`${day.label}-${i}`}>
          <h2 className="activity-day" id={`activity-day-${i}`}>
            {day.label}
          </h2>
          <ul className="activity-list" aria-labelledby={`activity-day-${i}`}>
            {day.items.map((item) => (
              <Entry key={item.id} item={item} exists={exists} when={time} />
            ))}
          </ul>
        </Fragment>
      ))}
    </div>
  );
}
