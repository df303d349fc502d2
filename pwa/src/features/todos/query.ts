// Search, filter and sort over local todos, with the server's answers for the same data: every word a
// prefix of a word in title, description or the name of one of its tags (case-insensitive); any of the tags, any of the priorities;
// due windows in the person's zone (an all-day todo is overdue once its date has ended in its own);
// sorts with nulls last and ties broken by id in the sort's direction.
import type { Priority, Status, Tag } from '@todo/contracts';
import type { TodoState } from '../../db/records.ts';
import { overdueFrom, startOfLocalDay } from '@todo/todo-rules';
import { byPosition } from '../../lib/positions.ts';

/** `position`: manual order (dragged), as the server's sort=position. */
export type SortKey = 'dueAt' | 'priority' | 'title' | 'createdAt' | 'position';
export type DueWindow = 'overdue' | 'today' | 'week' | 'none';

export interface TodoQuery {
  text: string;
  status: Status | 'all';
  priorities: Priority[];
  tagIds: string[];
  due: DueWindow | null;
  sort: SortKey;
  /** One list's todos (the sidebar's choice); all lists when absent. */
  listId?: string | null;
  /**
   * Lists whose todos stay out where lists mix (the archived ones, as GET /api/todos without `list`);
   * a list's own page (`listId`) shows its todos all the same. Not remembered with the query.
   */
  hiddenLists?: ReadonlySet<string>;
}

export const DEFAULT_QUERY: TodoQuery = {
  text: '',
  status: 'open',
  priorities: [],
  tagIds: [],
  due: null,
  sort: 'createdAt',
};

export const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high', 'urgent'];
const RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2, urgent: 3 };

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a search, as the server reads them (at most 16). */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).slice(0, 16);
}

interface Derived {
  /** The todo's words for search, made on first search (most lists never need them). */
  words: string[] | null;
  title: string;
  due: number | null;
  /** The first millisecond it is overdue (made on first use: the end of an all-day todo's date). */
  overdueFrom?: number;
}

const derived = new WeakMap<TodoState, Derived>();

function derive(todo: TodoState): Derived {
  let d = derived.get(todo);
  if (!d) {
    d = {
      words: null,
      title: todo.title.toLowerCase(),
      due: todo.dueAt === null ? null : Date.parse(todo.dueAt),
    };
    derived.set(todo, d);
  }
  return d;
}

function wordsOf(todo: TodoState): string[] {
  const d = derive(todo);
  d.words ??= [
    ...new Set([...(d.title.match(WORD) ?? []), ...(todo.description.toLowerCase().match(WORD) ?? [])]),
  ];
  return d.words;
}

/**
 * For each search word, the ids of the tags with a word in their name that starts with it ("plumb"
 * finds the tag "plumbing"); null where no tag has one.
 */
export function tagsMatching(words: readonly string[], tags: readonly Tag[]): (Set<string> | null)[] {
  const named = tags.map((t) => ({ id: t.id, words: t.name.toLowerCase().match(WORD) ?? [] }));
  return words.map((w) => {
    const ids = named.filter((t) => t.words.some((x) => x.startsWith(w))).map((t) => t.id);
    return ids.length ? new Set(ids) : null;
  });
}

/** Every word starts a word of the title or description, or of a tag on it (`byTag` from tagsMatching). */
export function matchesWords(
  todo: TodoState,
  words: readonly string[],
  byTag: readonly (Set<string> | null)[] = [],
): boolean {
  if (words.length === 0) return true;
  const own = wordsOf(todo);
  return words.every((w, i) => {
    if (own.some((x) => x.startsWith(w))) return true;
    const ids = byTag[i];
    return !!ids && todo.tagIds.some((t) => ids.has(t));
  });
}

/** The server compares text by code point (PostgreSQL's C collation); JS `<` compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every other BMP unit.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x2000;
    else if (x >= 0xe000) x -= 0x800;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x2000;
    else if (y >= 0xe000) y -= 0x800;
    return x - y;
  }
  return a.length - b.length;
}

const byId = (a: TodoState, b: TodoState) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function comparator(sort: SortKey): (a: TodoState, b: TodoState) => number {
  switch (sort) {
    case 'dueAt':
      return (a, b) => {
        const x = derive(a).due;
        const y = derive(b).due;
        if (x === y) return byId(a, b);
        if (x === null) return 1;
        if (y === null) return -1;
        return x - y || byId(a, b);
      };
    case 'priority':
      return (a, b) => RANK[b.priority] - RANK[a.priority] || byId(b, a);
    case 'title':
      return (a, b) => compareCodePoints(derive(a).title, derive(b).title) || byId(a, b);
    case 'createdAt':
      return (a, b) => (a.createdAt === b.createdAt ? byId(b, a) : a.createdAt < b.createdAt ? 1 : -1);
    case 'position':
      return byPosition;
  }
}

export interface Window {
  from?: number;
  to?: number;
  none?: true;
  overdueAt?: number;
}

export function dueWindow(due: DueWindow | null, now: number, timeZone: string): Window {
  switch (due) {
    case null:
      return {};
    case 'none':
      return { none: true };
    case 'overdue':
      return { overdueAt: now };
    case 'today':
    case 'week':
      return {
        from: startOfLocalDay(now, timeZone),
        to: startOfLocalDay(now, timeZone, due === 'today' ? 1 : 7),
      };
  }
}

/** When the todo becomes overdue (null: never, as it is done or has no due time). */
function overdueAt(todo: TodoState): number | null {
  if (todo.status !== 'open') return null;
  const d = derive(todo);
  if (d.due === null) return null;
  return (d.overdueFrom ??= overdueFrom(d.due, todo.allDay, todo.timeZone));
}

/** Open and past its due time; an all-day todo only once its date has ended in its zone. */
export function isOverdue(todo: TodoState, now: number): boolean {
  const at = overdueAt(todo);
  return at !== null && now >= at;
}

/** The next moment after `now` at which one of these todos becomes overdue (null: none ahead). */
export function nextOverdueAt(todos: Iterable<TodoState>, now: number): number | null {
  let next: number | null = null;
  for (const todo of todos) {
    const at = overdueAt(todo);
    if (at !== null && at > now && (next === null || at < next)) next = at;
  }
  return next;
}

/** The todos outside these lists (the archived ones), for the views that mix lists. */
export function* outsideLists(todos: Iterable<TodoState>, hidden: ReadonlySet<string>): Iterable<TodoState> {
  for (const todo of todos) if (!hidden.has(todo.listId)) yield todo;
}

export interface CompiledQuery {
  test(todo: TodoState): boolean;
  compare(a: TodoState, b: TodoState): number;
}

/** A query ready to test todos one by one (for the whole list, or for the few that changed). */
export function compileQuery(
  query: TodoQuery,
  now: number,
  timeZone: string,
  tagList: readonly Tag[] = [],
): CompiledQuery {
  const words = searchWords(query.text);
  const byTag = tagsMatching(words, tagList);
  const priorities = query.priorities.length ? new Set(query.priorities) : null;
  const tags = query.tagIds.length ? new Set(query.tagIds) : null;
  const win = dueWindow(query.due, now, timeZone);
  const hidden = query.hiddenLists?.size ? query.hiddenLists : null;
  return {
    compare: comparator(query.sort),
    test(todo) {
      if (query.status !== 'all' && todo.status !== query.status) return false;
      if (query.listId ? todo.listId !== query.listId : hidden?.has(todo.listId)) return false;
      if (priorities && !priorities.has(todo.priority)) return false;
      if (tags && !todo.tagIds.some((t) => tags.has(t))) return false;
      const due = derive(todo).due;
      if (win.none && due !== null) return false;
      if (win.from !== undefined && (due === null || due < win.from)) return false;
      if (win.to !== undefined && (due === null || due >= win.to)) return false;
      if (win.overdueAt !== undefined && !isOverdue(todo, win.overdueAt)) return false;
      return words.length === 0 || matchesWords(todo, words, byTag);
    },
  };
}

/** The todos a query shows, in its order. */
export function runQuery(
  todos: Iterable<TodoState>,
  query: TodoQuery,
  now: number,
  timeZone: string,
  tags: readonly Tag[] = [],
): TodoState[] {
  const q = compileQuery(query, now, timeZone, tags);
  const out: TodoState[] = [];
  for (const todo of todos) if (q.test(todo)) out.push(todo);
  return out.sort(q.compare);
}

/**
 * A previous answer brought up to date after a few todos changed: they leave the list, and those that
 * still match go back in at their place. Linear in the list, instead of filtering and sorting it all.
 */
export function patchQuery(
  previous: readonly TodoState[],
  changed: ReadonlySet<string>,
  current: (id: string) => TodoState | undefined,
  q: CompiledQuery,
): TodoState[] {
  const out = previous.filter((t) => !changed.has(t.id));
  for (const id of changed) {
    const todo = current(id);
    if (!todo || !q.test(todo)) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (q.compare(out[mid]!, todo) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, todo);
  }
  return out;
}

export interface Segment {
  text: string;
  mark: boolean;
}

/** Splits text into runs, marking whole words that start with a search word (as the server's highlight). */
export function highlight(text: string, words: readonly string[]): Segment[] {
  if (words.length === 0 || text === '') return [{ text, mark: false }];
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (!words.some((w) => word.startsWith(w))) continue;
    const start = match.index;
    if (start > last) segments.push({ text: text.slice(last, start), mark: false });
    segments.push({ text: match[0], mark: true });
    last = start + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), mark: false });
  return segments;
}
