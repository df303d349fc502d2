// All-day todos in the local copy, by the server's rules: due at the start of their date, "on the day"
// reminders at their wall time (DST-correct) that follow the date, and the next occurrence of a series.
import { nextOccurrence, occurrenceId } from '@todo/recurrence';
import { describe, expect, it } from 'vitest';
import { withDefaults, type TodoState } from '../db/records.ts';
import { applyToTodo, type Pending } from './apply.ts';
import { defaultReminderId, uuidv7 } from '../lib/ids.ts';
import { predictNext } from './next-occurrence.ts';
import { Device, mutation, serverState } from './testing/harness.ts';
import { ModelServer } from './testing/model-server.ts';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

function create(fields: Partial<Extract<Pending, { type: 'todo.create' }>['payload']>): TodoState {
  const id = uuidv7();
  return applyToTodo(null, mutation('todo.create', { id, title: 'Pay rent', ...fields }), id)!;
}

const update = (todo: TodoState, fields: Extract<Pending, { type: 'todo.update' }>['payload']['fields']) =>
  applyToTodo(todo, mutation('todo.update', { id: todo.id, fields }), todo.id)!;

describe('an all-day todo made here', () => {
  it('is due at the start of its date in its zone, whatever instant of the date was given', () => {
    const todo = create({ dueAt: '2026-03-08T18:45:00-04:00', allDay: true, timeZone: NY });
    expect(todo).toMatchObject({ allDay: true, dueAt: '2026-03-08T05:00:00.000Z' });
    expect(create({ dueAt: '2026-03-08T18:45:00Z', timeZone: NY })).toMatchObject({
      allDay: false,
      dueAt: '2026-03-08T18:45:00.000Z',
    });
  });

  it('and its "on the day at 09:00" reminder fire at 09:00 local on the date DST begins (New York, Berlin)', () => {
    const ny = create({
      dueAt: '2026-03-08T12:00:00Z',
      allDay: true,
      timeZone: NY,
      reminders: [{ id: uuidv7(), timeOfDay: '09:00' }],
    });
    expect(ny.reminders).toEqual([
      expect.objectContaining({
        remindAt: '2026-03-08T13:00:00.000Z',
        timeOfDay: '09:00',
        offsetMinutes: null,
      }),
    ]);
    const berlin = create({
      dueAt: '2026-03-29T12:00:00Z',
      allDay: true,
      timeZone: BERLIN,
      reminders: [{ id: uuidv7(), timeOfDay: '09:00' }],
    });
    expect(berlin.dueAt).toBe('2026-03-28T23:00:00.000Z'); // midnight CET
    expect(berlin.reminders[0]!.remindAt).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
  });

  it('moves its "on the day" reminder with its date, keeping the wall time across a DST change', () => {
    const todo = create({
      dueAt: '2026-03-07T12:00:00Z',
      allDay: true,
      timeZone: NY,
      reminders: [{ id: uuidv7(), timeOfDay: '09:00' }],
    });
    expect(todo.reminders[0]!.remindAt).toBe('2026-03-07T14:00:00.000Z'); // 09:00 EST
    const moved = update(todo, { dueAt: '2026-03-09T05:00:00.000Z' });
    expect(moved.dueAt).toBe('2026-03-09T04:00:00.000Z'); // midnight EDT
    expect(moved.reminders[0]!.remindAt).toBe('2026-03-09T13:00:00.000Z'); // 09:00 EDT
  });

  it('keeps its date when its zone changes, and its reminder the wall time there', () => {
    const todo = create({
      dueAt: '2026-03-10T04:00:00.000Z',
      allDay: true,
      timeZone: NY,
      reminders: [{ id: uuidv7(), timeOfDay: '09:00' }],
    });
    const moved = update(todo, { timeZone: 'America/Los_Angeles' });
    expect(moved.dueAt).toBe('2026-03-10T07:00:00.000Z'); // still the 10th, midnight PDT
    expect(moved.reminders[0]!.remindAt).toBe('2026-03-10T16:00:00.000Z');
  });

  it('a timed todo made all-day starts at its date; without a due date the "on the day" reminders go', () => {
    const timed = create({
      dueAt: '2026-03-10T21:30:00.000Z',
      timeZone: NY,
      reminders: [{ id: uuidv7(), timeOfDay: '08:00' }],
    });
    expect(timed.reminders[0]!.remindAt).toBe('2026-03-10T12:00:00.000Z');
    const allDay = update(timed, { allDay: true });
    expect(allDay).toMatchObject({ allDay: true, dueAt: '2026-03-10T04:00:00.000Z' });
    expect(update(allDay, { dueAt: null }).reminders).toEqual([]);
    // A reminder on the due date needs one: without, the server refuses it and so nothing shows here.
    const undated = create({ timeZone: NY });
    const add = mutation('reminder.add', { todoId: undated.id, reminder: { timeOfDay: '09:00' } });
    expect(applyToTodo(undated, add, undated.id)!.reminders).toEqual([]);
  });

  it('repeating daily, its next occurrence is the next date, reminded at 09:00 local across DST', () => {
    const todo = create({
      dueAt: '2026-03-07T05:00:00.000Z',
      allDay: true,
      timeZone: NY,
      recurrence: { type: 'daily' },
      reminders: [{ id: uuidv7(), timeOfDay: '09:00' }],
    });
    const next = predictNext(todo, '2026-03-07T20:00:00.000Z', { nextOccurrence, occurrenceId }, uuidv7)!;
    expect(next).toMatchObject({ allDay: true, dueAt: '2026-03-08T05:00:00.000Z' });
    expect(next.reminders).toEqual([
      expect.objectContaining({ remindAt: '2026-03-08T13:00:00.000Z', timeOfDay: '09:00' }),
    ]);
  });
});

describe('with the server', () => {
  it('what a device shows of an all-day todo is what the server stores, in another zone too', async () => {
    const server = new ModelServer();
    const a = new Device('device-a-0001', server);
    const b = new Device('device-b-0001', server);
    const id = uuidv7();
    await a.write(
      mutation('todo.create', {
        id,
        title: 'Dentist',
        dueAt: '2026-03-29T15:00:00Z',
        allDay: true,
        timeZone: BERLIN,
      }),
    );
    const shown = a.todos()[0];
    await a.sync();
    await b.sync();
    await b.write(mutation('todo.update', { id, fields: { timeZone: NY } }));
    const moved = b.todos()[0];
    await b.sync();
    await a.sync();
    expect(shown).toMatchObject({ dueAt: '2026-03-28T23:00:00.000Z', allDay: true });
    expect(moved).toMatchObject({ dueAt: '2026-03-29T04:00:00.000Z', timeZone: NY });
    expect(serverState(server).todos[0]).toMatchObject({ dueAt: moved!.dueAt, allDay: true });
    expect(a.todos()[0]).toMatchObject({ dueAt: moved!.dueAt, allDay: true });
  });
});

describe('the default reminder of a todo made all-day', () => {
  it('shows at once with the server’s id and time, and once only after the server has added it', async () => {
    const server = new ModelServer();
    const a = new Device('device-a-0001', server);
    const id = uuidv7();
    await a.write(
      mutation('todo.create', { id, title: 'Rent', dueAt: '2026-03-08T20:00:00Z', timeZone: NY }),
    );
    await a.sync();
    const update = {
      ...mutation('todo.update', { id, fields: { allDay: true } }),
      defaultReminderTime: '09:00',
    };
    await a.write(update);
    const expected = [
      {
        id: defaultReminderId(id),
        remindAt: '2026-03-08T13:00:00.000Z',
        offsetMinutes: null,
        timeOfDay: '09:00',
        sentAt: null,
      },
    ];
    expect(a.todos()[0]).toMatchObject({
      allDay: true,
      dueAt: '2026-03-08T05:00:00.000Z',
      reminders: expected,
    });
    // Re-applied over a server copy that has the reminder already, it adds none.
    const base = { ...a.todos()[0]!, allDay: false, reminders: expected };
    expect(applyToTodo(base, update, id)!.reminders).toEqual(expected);
    // An update that carries no default time (not made in the editor) leaves the reminder to the pull.
    const timed = create({ dueAt: '2026-03-08T20:00:00Z', timeZone: NY });
    const plain = mutation('todo.update', { id: timed.id, fields: { allDay: true } });
    expect(applyToTodo(timed, plain, timed.id)!.reminders).toEqual([]);
  });

  it('and the next occurrence keeps it the default one, with the id the server gives it', () => {
    const todo = create({
      dueAt: '2026-03-07T05:00:00.000Z',
      allDay: true,
      timeZone: NY,
      recurrence: { type: 'daily' },
    });
    const withDefault = {
      ...todo,
      reminders: [
        {
          id: defaultReminderId(todo.id),
          remindAt: '2026-03-07T14:00:00.000Z',
          offsetMinutes: null,
          timeOfDay: '09:00',
          sentAt: null,
        },
      ],
    };
    const next = predictNext(
      withDefault,
      '2026-03-07T20:00:00.000Z',
      { nextOccurrence, occurrenceId },
      uuidv7,
    )!;
    expect(next.reminders[0]!.id).toBe(defaultReminderId(next.id));
  });
});

describe('a todo stored before all-day todos existed', () => {
  it('reads as a timed todo whose reminders have no time of day', () => {
    const old = {
      ...create({}),
      reminders: [{ id: uuidv7(), remindAt: '2026-01-01T00:00:00.000Z', offsetMinutes: null, sentAt: null }],
    };
    delete (old as Partial<TodoState>).allDay;
    const read = withDefaults(old as unknown as TodoState);
    expect(read.allDay).toBe(false);
    expect(read.reminders[0]!.timeOfDay).toBeNull();
  });
});
