// The Today and Upcoming views (issue 15): Today is overdue todos by day, with one tap to move them all
// to today, then what is due today; Upcoming is the next 14 days, empty ones too, where a todo moves to
// another day by dragging it there or with Alt+↑/↓ on its row. From the todos on this device, offline too.
import type { List, Tag } from '@todo/contracts';
import { useMemo, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { TodoState } from '../../db/records.ts';
import type { MirrorSnapshot } from '../../sync/mirror.ts';
import { toast } from '../../lib/toasts.ts';
import { commit, mutation } from '../todos/actions.ts';
import { outsideLists } from '../todos/query.ts';
import { TodoRow } from '../todos/TodoRow.tsx';
import { addDays, dayLabel, dayOf, movedTo, todayGroups, upcomingDays, type Day } from './days.ts';

interface ViewProps {
  /** The mirror's snapshot: its map stays the same object as todos change, its identity does not. */
  snapshot: MirrorSnapshot;
  tags: ReadonlyMap<string, Tag>;
  now: number;
  timeZone: string;
  selectedId: string | null;
  /** Each row names its list when the person has lists besides the Inbox. */
  lists?: ReadonlyMap<string, List> | undefined;
  /** Lists whose todos stay out of the views (the archived ones). */
  hiddenLists: ReadonlySet<string>;
}

const DRAG_TYPE = 'application/x-todo-id';
const NO_WORDS: readonly string[] = [];

/** Moves todos to a day in one commit (one Undo-free step, as the editor's Save). */
function moveAll(todos: TodoState[], day: Day): Promise<void> {
  return commit(
    ...todos.flatMap((t) => {
      const dueAt = movedTo(t, day);
      return dueAt ? [mutation('todo.update', { id: t.id, fields: { dueAt } })] : [];
    }),
  );
}

const idOfRow = (el: Element | null) =>
  el?.closest<HTMLAnchorElement>('a[data-row-link]')?.pathname.split('/').pop() ?? null;

function Rows({ items, props, label }: { items: TodoState[]; props: ViewProps; label: string }) {
  return (
    <ul className="todo-list" aria-label={label}>
      {items.map((todo) => (
        <TodoRow
          key={todo.id}
          todo={todo}
          tags={props.tags}
          words={NO_WORDS}
          now={props.now}
          timeZone={props.timeZone}
          selected={todo.id === props.selectedId}
          lists={props.lists}
        />
      ))}
    </ul>
  );
}

function Section({
  id,
  title,
  children,
  ...drop
}: { id: string; title: string; children: ReactNode } & {
  onDragOver?: (e: DragEvent) => void;
  onDrop?: (e: DragEvent) => void;
}) {
  return (
    <section className="day-group" aria-labelledby={id} {...drop}>
      <h3 id={id} className="day-heading">
        {title}
      </h3>
      {children}
    </section>
  );
}

export function TodayView(props: ViewProps) {
  const { snapshot, now, timeZone, hiddenLists } = props;
  const today = dayOf(now, timeZone);
  const groups = useMemo(
    () => todayGroups(outsideLists(snapshot.todos.values(), hiddenLists), now, timeZone),
    [snapshot, now, timeZone, hiddenLists],
  );
  const overdue = groups.overdue.flatMap((g) => g.todos);
  return (
    <div className="day-view">
      {overdue.length > 0 && (
        <section className="day-block" aria-labelledby="overdue-heading">
          <div className="day-block-head">
            <h2 id="overdue-heading">Overdue</h2>
            <button
              type="button"
              className="button"
              onClick={() =>
                void moveAll(overdue, today).then(() =>
                  toast(`${overdue.length} ${overdue.length === 1 ? 'todo' : 'todos'} moved to today`),
                )
              }
            >
              Reschedule all to today
            </button>
          </div>
          {groups.overdue.map((g) => (
            <Section key={g.day} id={`overdue-${g.day}`} title={dayLabel(g.day, today)}>
              <Rows items={g.todos} props={props} label={`Overdue from ${dayLabel(g.day, today)}`} />
            </Section>
          ))}
        </section>
      )}
      <section className="day-block" aria-labelledby="today-heading">
        <h2 id="today-heading">Today</h2>
        {groups.today.length ? (
          <Rows items={groups.today} props={props} label="Due today" />
        ) : (
          <p className="empty">Nothing else due today.</p>
        )}
      </section>
    </div>
  );
}

export function UpcomingView(props: ViewProps) {
  const { snapshot, now, timeZone, hiddenLists } = props;
  const todos = snapshot.todos;
  const today = dayOf(now, timeZone);
  const days = useMemo(
    () => upcomingDays(outsideLists(snapshot.todos.values(), hiddenLists), now, timeZone),
    [snapshot, now, timeZone, hiddenLists],
  );

  const move = (id: string | null, day: Day) => {
    const todo = id ? todos.get(id) : undefined;
    if (todo && todo.dueAt) void moveAll([todo], day).then(() => toast(`Moved to ${dayLabel(day, today)}`));
  };
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!event.altKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const id = idOfRow(event.target as Element);
    const todo = id ? todos.get(id) : undefined;
    if (!todo?.dueAt) return;
    event.preventDefault();
    const from = days.find((d) => d.todos.includes(todo))?.day ?? today;
    const to = addDays(from, event.key === 'ArrowDown' ? 1 : -1);
    if (to < today) return;
    move(id, to);
    // The row is rendered again under its new day: keep the focus on it.
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`.day-view a[href="/todos/${id}"]`)?.focus(),
    );
  }
  return (
    <div
      className="day-view"
      onKeyDown={onKeyDown}
      onDragStart={(e) => {
        const id = idOfRow(e.target as Element);
        if (id) e.dataTransfer.setData(DRAG_TYPE, id);
      }}
    >
      <p className="hint">Drag a todo to another day, or press Alt+↓ / Alt+↑ on it.</p>
      {days.map(({ day, todos: items }) => (
        <Section
          key={day}
          id={`day-${day}`}
          title={dayLabel(day, today)}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
          }}
          onDrop={(e) => {
            e.preventDefault();
            move(e.dataTransfer.getData(DRAG_TYPE), day);
          }}
        >
          {items.length ? (
            <Rows items={items} props={props} label={dayLabel(day, today)} />
          ) : (
            <p className="empty day-empty">Nothing planned</p>
          )}
        </Section>
      ))}
    </div>
  );
}
