// The audit history: recording each todo/tag event once, and reading a person's history in pages.
import type { ActivityItem, ActivityQuery, TodoEvent } from '@todo/contracts';
import { badRequest } from '@todo/platform';
import { summarize } from './activity-summary.ts';
import type { ActivityPosition, ActivityRepository } from './activity.repository.ts';

export const DEFAULT_PAGE = 50;

export interface ActivityPage {
  items: ActivityItem[];
  nextCursor: string | null;
}

/** A todo-events event with its CloudEvent id and time. */
export type ActivityEvent = TodoEvent & { id: string; time: string };

export class ActivityService {
  constructor(private readonly activity: ActivityRepository) {}

  /** Records the events together; returns how many were not there already. */
  async recordMany(events: ActivityEvent[]): Promise<number> {
    return this.activity.insertMany(
      events.map((event) => ({
        id: event.id,
        userId: event.data.userId,
        todoId: 'todoId' in event.data ? event.data.todoId : null,
        tagId: 'tagId' in event.data ? event.data.tagId : null,
        type: event.type,
        version: event.data.version,
        at: new Date(event.time),
        summary: summarize(event),
      })),
    );
  }

  async list(userId: string, query: ActivityQuery): Promise<ActivityPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.activity.page(userId, {
      ...(query.todoId ? { todoId: query.todoId } : {}),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        id: r.id,
        type: r.type,
        todoId: r.todoId,
        at: r.at.toISOString(),
        summary: r.summary,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ version: last.version, id: last.id }) : null,
    };
  }
}

export function encodeCursor(position: ActivityPosition): string {
  return Buffer.from(JSON.stringify([position.version, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): ActivityPosition {
  try {
    const [version, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(version) && typeof id === 'string' && id.length <= 100) {
      return { version: version as number, id };
    }
  } catch {
    // answered below
  }
  throw badRequest('The cursor is not one this endpoint gave out', [
    { path: 'cursor', message: 'pass back nextCursor unchanged' },
  ]);
}
