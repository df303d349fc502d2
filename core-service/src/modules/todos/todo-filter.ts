// Turns the list/filter/sort/search query of the API into one normalised filter, with the due windows
// resolved in the person's time zone and the keyset cursor decoded. Pure: no I/O, `now` is passed in.
import type { Priority, SortField, Status, TodoListQuery } from '@todo/contracts';
import { badRequest } from '@todo/platform';
import { startOfLocalDay } from '@todo/todo-rules';

export interface KeysetPosition {
  /** The sort key of the last row seen (ISO instant, enum label, lower-cased title, or rank). */
  value: string | number | null;
  id: string;
}

export interface TodoFilter {
  status?: Status;
  priorities?: Priority[];
  tagIds?: string[];
  listIds?: string[];
  /** A prefix-matching tsquery in PostgreSQL syntax, e.g. `mil:* & bre:*`. */
  text?: string;
  /** The same words one by one (`mil:*`, `bre:*`): each must match the text or one of the viewer's tags. */
  terms?: string[];
  dueFrom?: Date;
  dueTo?: Date;
  dueNone?: boolean;
  overdueAt?: Date;
  sort: SortField | 'rank';
  order: 'asc' | 'desc';
  limit: number;
  after?: KeysetPosition;
}

export const DEFAULT_LIMIT = 50;

/** Newest first where time matters most, alphabetical and soonest-due ascending, urgent first. */
const DEFAULT_ORDER: Record<SortField, 'asc' | 'desc'> = {
  dueAt: 'asc',
  title: 'asc',
  priority: 'desc',
  createdAt: 'desc',
  updatedAt: 'desc',
  position: 'asc',
};

export function buildTodoFilter(
  query: TodoListQuery,
  now: Date,
  timeZone: string,
  mode: 'list' | 'search' = 'list',
): TodoFilter {
  const sort = mode === 'search' && !query.sort ? 'rank' : (query.sort ?? 'createdAt');
  const order = query.order ?? (sort === 'rank' ? 'desc' : DEFAULT_ORDER[sort]);
  const filter: TodoFilter = { sort, order, limit: query.limit ?? DEFAULT_LIMIT };
  if (query.status) filter.status = query.status;
  if (query.priority?.length) filter.priorities = [...new Set(query.priority)];
  if (query.tag?.length) filter.tagIds = [...new Set(query.tag)];
  if (query.list?.length) filter.listIds = [...new Set(query.list)];
  if (query.q) {
    filter.terms = prefixTerms(query.q);
    filter.text = filter.terms.join(' & ');
  }
  applyDueWindow(filter, query, now, timeZone);
  if (query.cursor) filter.after = decodeCursor(query.cursor, sort);
  return filter;
}

function applyDueWindow(filter: TodoFilter, query: TodoListQuery, now: Date, timeZone: string): void {
  let from = query.dueAfter ? new Date(query.dueAfter) : undefined;
  let to = query.dueBefore ? new Date(query.dueBefore) : undefined;
  if (query.due === 'none') {
    if (from || to) throw badRequest('due=none cannot be combined with dueBefore or dueAfter');
    filter.dueNone = true;
    return;
  }
  if (query.due === 'overdue') filter.overdueAt = now;
  if (query.due === 'today' || query.due === 'week') {
    const start = startOfLocalDay(now.getTime(), timeZone);
    const end = startOfLocalDay(now.getTime(), timeZone, query.due === 'today' ? 1 : 7);
    from = latest(from, new Date(start));
    to = earliest(to, new Date(end));
  }
  if (from) filter.dueFrom = from;
  if (to) filter.dueTo = to;
}

const latest = (a: Date | undefined, b: Date) => (a && a > b ? a : b);
const earliest = (a: Date | undefined, b: Date) => (a && a < b ? a : b);

/** `Mil bre` → `mil:* & bre:*`: every word must match, each as a prefix. */
export function toPrefixQuery(q: string): string {
  return prefixTerms(q).join(' & ');
}

/** `Mil bre` → [`mil:*`, `bre:*`] (at most 16 words). */
export function prefixTerms(q: string): string[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) throw badRequest('q must contain at least one letter or digit');
  return words.slice(0, 16).map((w) => `${w}:*`);
}

export function encodeCursor(sort: TodoFilter['sort'], position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ s: sort, v: position.value, i: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: TodoFilter['sort']): KeysetPosition {
  const invalid = () => badRequest('cursor is not valid for this query; start again without it');
  let parsed: { s?: unknown; v?: unknown; i?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const okValue = parsed.v === null || typeof parsed.v === 'string' || typeof parsed.v === 'number';
  if (parsed.s !== sort || !okValue || typeof parsed.i !== 'string' || !/^[0-9a-f-]{36}$/i.test(parsed.i)) {
    throw invalid();
  }
  return { value: parsed.v as KeysetPosition['value'], id: parsed.i };
}
