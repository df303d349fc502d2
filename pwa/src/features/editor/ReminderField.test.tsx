// @vitest-environment happy-dom
// The editor's note beside a saved reminder whose time has passed. The server does not fire one whose
// time had passed when it was set, but believes a device's time for a change made offline: one added
// before its time goes off, late, once the device syncs, and the note must not say it will not.
import 'fake-indexeddb/auto';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TodoRecord } from '../../db/records.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { boot, services } from '../../sync/services.ts';
import { mutation } from '../todos/actions.ts';
import { draftFromTodo } from './draft.ts';
import { ReminderField } from './ReminderField.tsx';

beforeAll(async () => {
  await boot();
});
afterEach(() => cleanup());

/** A todo made on this device with a reminder five minutes ago, as the mirror holds it. */
async function madeHere(): Promise<TodoRecord> {
  const id = uuidv7();
  const remindAt = new Date(Date.now() - 5 * 60_000).toISOString();
  await services().mirror.commit([
    mutation('todo.create', { id, title: 'Call the plumber', reminders: [{ id: uuidv7(), remindAt }] }),
  ]);
  return services().mirror.get(id) as TodoRecord;
}

const note = () => document.querySelector('.reminder-passed')?.textContent ?? null;

describe('a saved reminder whose time has passed', () => {
  it('goes off once the device syncs, while the server has not got it', async () => {
    const todo = await madeHere();
    expect(todo.base).toBeNull();
    render(<ReminderField draft={draftFromTodo(todo)} set={() => {}} todo={todo} />);
    expect(note()).toBe('Its time has passed: it goes off when this device syncs');
  });

  it('will not go off once the server has it as it is', async () => {
    const { base: _, ...synced } = await madeHere();
    render(<ReminderField draft={draftFromTodo(synced)} set={() => {}} todo={synced} />);
    expect(note()).toBe('Its time has passed: it will not go off');
  });
});
