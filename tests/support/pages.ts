// Reading a todo page to its end the way a client does: page after page by the server's cursor.
import type { Todo } from '@todo/contracts';
import { expect } from 'vitest';
import type { ApiClient } from './client.ts';

/** Every item `path` answers, `limit` a page; fails on a non-200 page or a cursor that never ends. */
export async function allPages<T = Todo>(client: ApiClient, path: string, limit: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await client.get(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('pagination did not end');
}
