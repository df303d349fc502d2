// @vitest-environment happy-dom
import type { Subtask } from '@todo/contracts';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { byPosition } from '../../lib/positions.ts';
import { SubtaskChecklist, type SubtaskActions } from './SubtaskChecklist.tsx';

afterEach(cleanup);

/** The checklist over a plain array, as the editor's store would keep it; `calls` records each action. */
function setup(initial: Subtask[] = [], latency = 0) {
  const calls: string[] = [];
  let current = initial;
  let n = 0;
  function Harness() {
    const [subtasks, setSubtasks] = useState(initial);
    current = subtasks;
    const apply = (next: (s: Subtask[]) => Subtask[]) => setSubtasks((s) => (current = next(s)));
    // The app's store shows a change a moment later (the mirror's notification), not within the key.
    const change = (next: (s: Subtask[]) => Subtask[]) =>
      latency ? setTimeout(() => act(() => apply(next)), latency) : apply(next);
    const actions: SubtaskActions = {
      add: (s) => (calls.push(`add ${s.title}`), change((l) => [...l, s])),
      update: (id, fields) => (
        calls.push(`update ${id} ${JSON.stringify(fields)}`),
        change((l) => l.map((s) => (s.id === id ? { ...s, ...fields } : s)))
      ),
      remove: (id) => (calls.push(`remove ${id}`), change((l) => l.filter((s) => s.id !== id))),
      reorder: (updates) => (
        calls.push(`reorder ${updates.map((u) => u.id).join(',')}`),
        change((l) => l.map((s) => ({ ...s, ...updates.find((u) => u.id === s.id) })))
      ),
    };
    return <SubtaskChecklist subtasks={subtasks} actions={actions} makeId={() => `new-${++n}`} />;
  }
  render(<Harness />);
  const titles = () => [...current].sort(byPosition).map((s) => `${s.done ? '[x]' : '[ ]'} ${s.title}`);
  return { user: userEvent.setup(), calls, titles };
}

const three: Subtask[] = [
  { id: 's1', title: 'Flour', done: false, position: 'a0' },
  { id: 's2', title: 'Eggs', done: true, position: 'a1' },
  { id: 's3', title: 'Milk', done: false, position: 'a2' },
];

describe('the subtask checklist', () => {
  it('adds subtasks one after another with Enter, keeping the focus in the add field', async () => {
    const { user, titles } = setup();
    const add = screen.getByRole('textbox', { name: 'Add a subtask' });
    await user.click(add);
    await user.keyboard('Flour{Enter}Eggs{Enter}  {Enter}Milk{Enter}');
    expect(titles()).toEqual(['[ ] Flour', '[ ] Eggs', '[ ] Milk']);
    expect(add).toHaveProperty('value', '');
    expect(document.activeElement).toBe(add);
    expect(screen.getByRole('list', { name: 'Subtasks' }).children).toHaveLength(3);
    expect(screen.getByText('0 of 3 subtasks done')).toBeTruthy();
  });

  it('ticks a subtask by its accessible name and shows the progress', async () => {
    const { user, titles, calls } = setup(three);
    await user.click(screen.getByRole('checkbox', { name: 'Done: Milk' }));
    expect(calls).toEqual(['update s3 {"done":true}']);
    expect(titles()).toEqual(['[ ] Flour', '[x] Eggs', '[x] Milk']);
    expect(screen.getByText('2 of 3 subtasks done')).toBeTruthy();
  });

  it('shows a tick at once, before the store has it, and then the stored value', async () => {
    const { user, titles } = setup(three, 50);
    const milk = () => screen.getByRole<HTMLInputElement>('checkbox', { name: 'Done: Milk' });
    await user.click(milk());
    expect(milk().checked).toBe(true);
    expect(titles()).toEqual(['[ ] Flour', '[x] Eggs', '[ ] Milk']);
    await waitFor(() => expect(titles()).toEqual(['[ ] Flour', '[x] Eggs', '[x] Milk']));
    expect(milk().checked).toBe(true);
    await user.click(milk());
    expect(milk().checked).toBe(false);
    await waitFor(() => expect(titles()).toEqual(['[ ] Flour', '[x] Eggs', '[ ] Milk']));
    expect(milk().checked).toBe(false);
  });

  it('renames a subtask in place: Enter keeps it and goes to the next, Escape takes typing back', async () => {
    const { user, titles, calls } = setup(three);
    const first = screen.getByRole('textbox', { name: 'Subtask 1 of 3' });
    await user.click(first);
    await user.keyboard('{End} (spelt){Enter}');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Subtask 2 of 3' }));
    await user.keyboard('{End}s?{Escape}');
    expect(titles()).toEqual(['[ ] Flour (spelt)', '[x] Eggs', '[ ] Milk']);
    expect(screen.getByRole('textbox', { name: 'Subtask 2 of 3' })).toHaveProperty('value', 'Eggs');
    expect(calls).toEqual(['update s1 {"title":"Flour (spelt)"}']);
  });

  it('removes a subtask with Backspace on its empty title and focuses the one before', async () => {
    const { user, titles, calls } = setup(three);
    await user.click(screen.getByRole('textbox', { name: 'Subtask 2 of 3' }));
    await user.keyboard('{Control>}a{/Control}{Backspace}');
    expect(calls).toEqual([]); // emptied, not yet removed
    await user.keyboard('{Backspace}');
    expect(calls).toEqual(['remove s2']);
    expect(titles()).toEqual(['[ ] Flour', '[ ] Milk']);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Subtask 1 of 2' }));
    expect(screen.getByRole('status').textContent).toBe('Removed “Eggs”');
  });

  it('moves a subtask with Alt+arrows, one new position each, keeping the focus on it', async () => {
    const { user, titles, calls } = setup(three);
    await user.click(screen.getByRole('textbox', { name: 'Subtask 3 of 3' }));
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(titles()).toEqual(['[ ] Flour', '[ ] Milk', '[x] Eggs']);
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(titles()).toEqual(['[ ] Milk', '[ ] Flour', '[x] Eggs']);
    expect(calls).toEqual(['reorder s3', 'reorder s3']);
    expect(document.activeElement).toHaveProperty('value', 'Milk');
    expect(screen.getByRole('status').textContent).toBe('“Milk” moved to 1 of 3');
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}'); // already first: nothing
    expect(calls).toHaveLength(2);
    // From its checkbox too, which keeps the focus.
    await user.click(screen.getByRole('checkbox', { name: 'Done: Eggs' }));
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(titles()).toEqual(['[ ] Milk', '[ ] Eggs', '[ ] Flour']);
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Done: Eggs' }));
  });

  it('puts the caret at the end of a title it goes to, so Backspace empties it and then removes it', async () => {
    const { user, titles } = setup(three);
    await user.click(screen.getByRole('textbox', { name: 'Add a subtask' }));
    await user.keyboard('{ArrowUp}{Backspace}{Backspace}{Backspace}{Backspace}');
    expect(document.activeElement).toHaveProperty('value', '');
    await user.keyboard('{Backspace}');
    expect(titles()).toEqual(['[ ] Flour', '[x] Eggs']);
  });

  it('goes from title to title with the arrows, and from the add field up to the last', async () => {
    setup(three);
    const user = userEvent.setup();
    await user.click(screen.getByRole('textbox', { name: 'Add a subtask' }));
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toHaveProperty('value', 'Milk');
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toHaveProperty('value', 'Flour');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Add a subtask' }));
  });

  it('goes up to the one just added even before the list shows it (fast typing)', async () => {
    const { user, titles } = setup(three, 40);
    await user.click(screen.getByRole('textbox', { name: 'Add a subtask' }));
    await user.keyboard('Sugar{Enter}Salt{Enter}{ArrowUp}');
    await waitFor(() => expect(titles()).toHaveLength(5));
    await waitFor(() => expect(document.activeElement).toHaveProperty('value', 'Salt'));
    // Each after the one before, though the list did not show it yet.
    expect(titles().slice(3)).toEqual(['[ ] Sugar', '[ ] Salt']);
  });

  it('removes with the row’s button, named after the subtask', async () => {
    const { user, titles } = setup(three);
    await user.click(screen.getByRole('button', { name: 'Remove subtask “Flour”' }));
    expect(titles()).toEqual(['[x] Eggs', '[ ] Milk']);
    await act(async () => {});
  });
});
