// @vitest-environment happy-dom
// The checklist over the app's own store (the mirror over IndexedDB, here fake-indexeddb), whose writes
// land a moment after each change shows: typed and clicked as fast as a test (or a fast typist on a slow
// phone) goes, nothing done comes back undone while the writes catch up.
import 'fake-indexeddb/auto';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSyncExternalStore } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TodoDatabase } from '../../db/database.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { TodoMirror } from '../../sync/mirror.ts';
import { mutation } from '../todos/actions.ts';
import { savedChecklist } from './actions.ts';
import { SubtaskChecklist } from './SubtaskChecklist.tsx';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const db = new TodoDatabase(`checklist-${uuidv7()}`);
  const mirror = new TodoMirror(db);
  await mirror.start();
  cleanups.push(async () => {
    mirror.stop();
    await db.delete();
  });
  const id = uuidv7();
  await mirror.commit([mutation('todo.create', { id, title: 'Weekly review', priority: 'low' })]);
  const actions = savedChecklist(id, (...m) => mirror.commit(m));
  /** Every checklist the editor showed, in order. */
  const shown: string[] = [];
  function Harness() {
    useSyncExternalStore(mirror.subscribe, mirror.getSnapshot);
    const subtasks = mirror.get(id)?.subtasks ?? [];
    return <SubtaskChecklist subtasks={subtasks} actions={actions} makeId={uuidv7} />;
  }
  render(<Harness />);
  const checklist = () =>
    [...document.querySelectorAll('.subtask-item')]
      .map((li) => {
        const done = li.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked;
        return `${done ? '[x]' : '[ ]'} ${li.querySelector<HTMLInputElement>('.subtask-title')!.value}`;
      })
      .join(', ');
  const off = mirror.subscribe(() => queueMicrotask(() => shown.push(checklist())));
  cleanups.unshift(async () => off());
  return { mirror, id, shown, checklist, user: userEvent.setup({ delay: null }) };
}

describe('the checklist over the stored todo', () => {
  it('keeps a removed subtask removed and a tick ticked while the writes before them land', async () => {
    const { mirror, id, shown, checklist, user } = await setup();
    await user.click(screen.getByRole('textbox', { name: 'Add a subtask' }));
    await user.keyboard('Inbox zero{Enter}Oops{Enter}{ArrowUp}{Backspace}{Backspace}{Backspace}{Backspace}');
    await user.keyboard('{Backspace}');
    const removedAt = shown.length;
    await user.click(screen.getByRole('checkbox', { name: 'Done: Inbox zero' }));
    expect(checklist()).toBe('[x] Inbox zero');
    await waitFor(() =>
      expect(mirror.get(id)?.subtasks.map((s) => [s.title, s.done])).toEqual([['Inbox zero', true]]),
    );
    await act(async () => {});
    expect(checklist()).toBe('[x] Inbox zero');
    // Not for a moment the removed one back or the tick taken back.
    expect(shown.slice(removedAt).filter((c) => c.includes('Oops') || c.includes('[ ]'))).toEqual([]);
  });
});
