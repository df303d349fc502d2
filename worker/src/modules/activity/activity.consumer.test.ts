// The audit consumer takes todo events in batches: one INSERT for the valid ones, an answer per event
// (an invalid one is dropped alone, one that is not a todo event is ignored, a failed INSERT retries).
import { randomUUID } from 'node:crypto';
import { createLogger, type BusEvent } from '@todo/platform';
import { describe, expect, it } from 'vitest';
import { activityConsumer } from './activity.consumer.ts';
import type { ActivityRepository, ActivityRow } from './activity.repository.ts';
import { ActivityService } from './activity.service.ts';

const log = createLogger('test', 'silent');
const userId = randomUUID();

function todoEvent(type = 'todo.created', data: Record<string, unknown> = {}): BusEvent {
  return {
    id: randomUUID(),
    type,
    source: 'core-service',
    time: '2026-03-08T09:00:00.000Z',
    subject: userId,
    data: { userId, todoId: randomUUID(), version: 1, title: 'Buy milk', ...data },
  };
}

/** A repository that keeps rows by id, as the table's primary key does, and counts the INSERTs. */
function repository(fail = false) {
  const rows = new Map<string, ActivityRow>();
  const inserts: string[][] = [];
  const fake = {
    async insertMany(batch: ActivityRow[]) {
      inserts.push(batch.map((r) => r.id));
      if (fail) throw new Error('database is restarting');
      let added = 0;
      for (const row of batch) {
        if (rows.has(row.id)) continue;
        rows.set(row.id, row);
        added++;
      }
      return added;
    },
  };
  return {
    rows,
    inserts,
    consumer: activityConsumer(new ActivityService(fake as unknown as ActivityRepository), log),
  };
}

describe('activity consumer', () => {
  it('records a batch of events with one INSERT and answers SUCCESS for each', async () => {
    const { rows, inserts, consumer } = repository();
    const events = [
      todoEvent(),
      todoEvent('todo.completed', { nextTodoId: null }),
      todoEvent('tag.created', { todoId: undefined, title: undefined, tagId: randomUUID(), name: 'Errands' }),
    ];

    expect(await consumer(events)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);

    expect(inserts).toEqual([events.map((e) => e.id)]);
    expect(rows.get(events[1]!.id)).toMatchObject({
      userId,
      type: 'todo.completed',
      summary: 'Completed "Buy milk"',
    });
    expect(rows.get(events[2]!.id)).toMatchObject({ todoId: null, summary: 'Created tag "Errands"' });
  });

  it('drops an event that lacks what its type carries (a completion without nextTodoId)', async () => {
    const { consumer } = repository();

    expect(await consumer([todoEvent('todo.completed'), todoEvent('tag.deleted')])).toEqual(['DROP', 'DROP']);
  });

  it('drops an invalid event alone, ignores other event types, and records the rest', async () => {
    const { rows, inserts, consumer } = repository();
    const valid = todoEvent();
    const invalid = todoEvent('todo.updated', { version: 'two' });
    const other = todoEvent('reminder.due');

    expect(await consumer([invalid, valid, other])).toEqual(['DROP', 'SUCCESS', 'SUCCESS']);

    expect(inserts).toEqual([[valid.id]]);
    expect([...rows.keys()]).toEqual([valid.id]);
  });

  it('records a redelivered event once, within a batch or across batches', async () => {
    const { rows, consumer } = repository();
    const event = todoEvent();

    expect(await consumer([event, event])).toEqual(['SUCCESS', 'SUCCESS']);
    expect(await consumer([event])).toEqual(['SUCCESS']);

    expect(rows.size).toBe(1);
  });

  it('answers RETRY for every event it could not record, and keeps the DROP of an invalid one', async () => {
    const { consumer } = repository(true);
    const invalid = todoEvent('todo.deleted', { userId: 'nobody' });

    expect(await consumer([todoEvent(), invalid, todoEvent()])).toEqual(['RETRY', 'DROP', 'RETRY']);
  });
});
