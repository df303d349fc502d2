// What a chaos suite's clients were told: every write the server acknowledged, so that after the
// crashes each can be looked for, and each looked for once (activity entries, reminder pushes).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Answer, ApiClient } from '../../support/client.ts';
import { waitFor } from '../../support/wait.ts';

export interface Ledger {
  /** Todo ids whose create was answered 201, with their titles. */
  created: Map<string, string>;
  /** Todo ids whose completion was answered 200. */
  completed: Set<string>;
  /** Todo ids created with a reminder (acknowledged), due within seconds. */
  reminded: Set<string>;
  /** Creates sent and not answered (cut off by a crash): they may or may not exist. */
  unanswered: Set<string>;
}

/** The last 5xx a writer was answered, for a suite's log. */
export let lastFailure = '';

export const newLedger = (): Ledger => ({
  created: new Map(),
  completed: new Set(),
  reminded: new Set(),
  unanswered: new Set(),
});

/**
 * Writes as fast as one client can until `stop()` says so: creates (every fourth with a reminder
 * `reminderInMs` ahead) and completions of todos created before. Every answer is recorded; a request
 * cut off or answered 5xx is not an acknowledgement. When the server goes away the writer ends, or
 * with `persist` keeps trying every 100 ms (a database outage behind a running bff).
 */
export async function writeUntil(
  client: ApiClient,
  ledger: Ledger,
  stopped: () => boolean,
  { reminderInMs = 3000, prefix = 'w', persist = false, failures = { count: 0 } } = {},
): Promise<void> {
  const failed = async () => {
    failures.count++;
    if (!persist) return true;
    await new Promise((r) => setTimeout(r, 100));
    return false;
  };
  for (let n = 0; !stopped(); n++) {
    try {
      // Todos with a reminder stay open: a done todo's reminder is (rightly) never sent.
      const done = [...ledger.created.keys()].filter(
        (id) => !ledger.completed.has(id) && !ledger.reminded.has(id),
      );
      if (n % 3 === 2 && done.length > 0) {
        const id = done[Math.floor(Math.random() * done.length)]!;
        const res = await client.post(`/api/todos/${id}/complete`);
        if (res.status === 200) ledger.completed.add(id);
        else if (res.status >= 500 && (await failed())) return;
        continue;
      }
      const id = randomUUID();
      const title = `${prefix} ${n} ${id.slice(0, 8)}`;
      const reminders = n % 4 === 0 ? [{ remindAt: new Date(Date.now() + reminderInMs).toISOString() }] : [];
      ledger.unanswered.add(id);
      const res = await client.post('/api/todos', { id, title, reminders });
      if (res.status !== 201) {
        if (res.status >= 500) {
          lastFailure = `${res.status} ${res.text.slice(0, 200)}`;
          if (await failed()) return;
          continue;
        }
        throw new Error(`create answered ${res.status}: ${res.text}`);
      }
      ledger.unanswered.delete(id);
      ledger.created.set(id, title);
      if (reminders.length) ledger.reminded.add(id);
    } catch (err) {
      // The server went away under the request: that write was never acknowledged.
      if (!(err instanceof TypeError)) throw err;
      if (await failed()) return;
    }
  }
}

/** Every entry of the person's activity history, following the pages. */
export async function activity(client: ApiClient): Promise<{ type: string; todoId: string | null }[]> {
  const items: { type: string; todoId: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const res: Answer = await client.get(
      `/api/activity?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`activity answered ${res.status}: ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** Every todo of the person, open and done, following the pages. */
export async function allTodos(client: ApiClient): Promise<{ id: string; title: string; status: string }[]> {
  const items: { id: string; title: string; status: string }[] = [];
  let cursor: string | null = null;
  do {
    const res: Answer = await client.get(
      `/api/todos?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`todos answered ${res.status}: ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** How many times each key occurs. */
export function tally<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Waits until the activity history holds a `todo.created` for each of `created` and a `todo.completed`
 * for each of `completed`, and returns it; then every entry must be there once.
 */
export async function historyOf(
  client: ApiClient,
  created: Iterable<string>,
  completed: Iterable<string>,
): Promise<{ type: string; todoId: string | null }[]> {
  const wantCreated = [...created];
  const wantCompleted = [...completed];
  const items = await waitFor(
    async () => {
      const all = await activity(client);
      const has = (type: string) => new Set(all.filter((i) => i.type === type).map((i) => i.todoId));
      const [c, d] = [has('todo.created'), has('todo.completed')];
      return wantCreated.every((id) => c.has(id)) && wantCompleted.every((id) => d.has(id)) ? all : undefined;
    },
    { timeoutMs: 120_000, everyMs: 1000, what: 'every acknowledged change in the activity history' },
  );
  expect([...tally(items.map((i) => `${i.type} ${i.todoId}`))].filter(([, n]) => n > 1)).toEqual([]);
  return items;
}
