// Unit tests of the public request schemas (todos, auth, primitives): what a client may send, what
// is refused, and the dotted field paths that come back in a 400's `errors`.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { LoginBody, RegisterBody } from './auth.ts';
import { Color, TimeZone } from './primitives.ts';
import { fieldErrors } from './problem.ts';
import { RecurrenceInput, ReminderCreate, TagCreate, TodoCreate, TodoListQuery, TodoPatch } from './todos.ts';

const TODO_ID = '0b7c8f0e-3d5a-4c1e-9a8b-2f6d4e1c7a90';
const TAG_ID = '5f2e1d3c-7b6a-4e9f-8c0d-1a2b3c4d5e6f';

/** The dotted paths of the fields a schema refuses in `value`. */
function refusedPaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return fieldErrors(result.error).map((e) => e.path);
}

const fullTodo = {
  id: TODO_ID,
  title: '  Buy milk  ',
  description: 'Oat, not soy',
  priority: 'high',
  dueAt: '2026-03-08T09:00:00-05:00',
  timeZone: 'America/New_York',
  tagIds: [TAG_ID],
  recurrence: { type: 'weekly', rrule: 'FREQ=WEEKLY;BYDAY=MO', until: '2026-12-31', fromCompletion: false },
  reminders: [{ offsetMinutes: 30 }, { remindAt: '2026-03-08T08:00:00Z' }],
};

describe('TodoCreate', () => {
  it('accepts a full valid body, trimming the title', () => {
    const parsed = TodoCreate.parse(fullTodo);

    expect(parsed).toEqual({ ...fullTodo, title: 'Buy milk' });
  });

  it('accepts a body with only a title', () => {
    expect(TodoCreate.parse({ title: 'Buy milk' })).toEqual({ title: 'Buy milk' });
  });

  it('accepts a null due date and a null recurrence (clearing them)', () => {
    expect(TodoCreate.safeParse({ title: 'Buy milk', dueAt: null, recurrence: null }).success).toBe(true);
  });

  it('refuses a priority it does not know, listing the ones it does', () => {
    const result = TodoCreate.safeParse({ title: 'Buy milk', priority: 'critical' });

    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual([
      { path: 'priority', message: 'must be one of low, medium, high, urgent' },
    ]);
  });

  it.each([
    ['a date-time without offset', '2026-03-08T09:00:00'],
    ['a date alone', '2026-03-08'],
    ['not a date', 'tomorrow'],
    ['an empty string', ''],
    ['a timestamp number', 1772960400000],
  ])('refuses a dueAt that is %s', (_what, dueAt) => {
    expect(refusedPaths(TodoCreate, { title: 'Buy milk', dueAt })).toEqual(['dueAt']);
  });

  it.each(['2026-03-08T09:00:00Z', '2026-03-08T09:00:00.123+09:00', '2026-03-08T09:00:00-05:00'])(
    'accepts the dueAt %s',
    (dueAt) => {
      expect(TodoCreate.safeParse({ title: 'Buy milk', dueAt }).success).toBe(true);
    },
  );

  it.each(['Mars/Olympus_Mons', 'New York', 'GMT+5', '', 'Europe/Berlin; DROP'])(
    'refuses the time zone %j',
    (timeZone) => {
      expect(refusedPaths(TodoCreate, { title: 'Buy milk', timeZone })).toEqual(['timeZone']);
    },
  );

  it.each(['Europe/Berlin', 'Asia/Tokyo', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5'])(
    'accepts the time zone %s',
    (timeZone) => {
      expect(TodoCreate.safeParse({ title: 'Buy milk', timeZone }).success).toBe(true);
    },
  );

  it('refuses an empty or blank title', () => {
    expect(refusedPaths(TodoCreate, { title: '' })).toEqual(['title']);
    expect(refusedPaths(TodoCreate, { title: '   ' })).toEqual(['title']);
    expect(refusedPaths(TodoCreate, {})).toEqual(['title']);
  });

  it('accepts a title of 500 characters and refuses one of 501', () => {
    expect(TodoCreate.safeParse({ title: 'x'.repeat(500) }).success).toBe(true);
    const result = TodoCreate.safeParse({ title: 'x'.repeat(501) });
    expect(fieldErrors(result.error!)).toEqual([
      { path: 'title', message: 'must have at most 500 characters' },
    ]);
  });

  it('refuses fields it does not know rather than ignoring them', () => {
    const result = TodoCreate.safeParse({ title: 'Buy milk', done: true, userId: 'someone-else' });

    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toMatch(/done/);
    expect(JSON.stringify(result.error!.issues)).toMatch(/userId/);
  });

  it('refuses a tag id that is not a UUID, naming its position', () => {
    expect(refusedPaths(TodoCreate, { title: 'Buy milk', tagIds: [TAG_ID, 'work'] })).toEqual(['tagIds.1']);
  });

  it('names the nested field of a bad reminder with a dotted path', () => {
    const result = TodoCreate.safeParse({
      title: 'Buy milk',
      reminders: [{ offsetMinutes: 10 }, { offsetMinutes: -5 }],
    });

    expect(fieldErrors(result.error!).map((e) => e.path)).toEqual(['reminders.1.offsetMinutes']);
  });

  it('reports every problem at once', () => {
    const paths = refusedPaths(TodoCreate, { title: '', priority: 'critical', timeZone: 'Nowhere' });

    expect(paths.sort()).toEqual(['priority', 'timeZone', 'title']);
  });
});

describe('TodoPatch', () => {
  it('refuses an empty patch, saying what to give', () => {
    const result = TodoPatch.safeParse({});

    expect(fieldErrors(result.error!)).toEqual([
      { path: '(body)', message: 'give at least one field to change' },
    ]);
  });

  it('accepts a status change alone', () => {
    expect(TodoPatch.parse({ status: 'done' })).toEqual({ status: 'done' });
  });
});

describe('ReminderCreate', () => {
  it('accepts an absolute time alone, or minutes before the due time alone', () => {
    expect(ReminderCreate.parse({ remindAt: '2026-03-08T08:00:00Z' })).toEqual({
      remindAt: '2026-03-08T08:00:00Z',
    });
    expect(ReminderCreate.parse({ offsetMinutes: 0 })).toEqual({ offsetMinutes: 0 });
  });

  it('refuses both, or neither', () => {
    const both = ReminderCreate.safeParse({ remindAt: '2026-03-08T08:00:00Z', offsetMinutes: 30 });
    const neither = ReminderCreate.safeParse({});

    expect(fieldErrors(both.error!)[0]!.message).toBe(
      'give exactly one of remindAt, offsetMinutes or timeOfDay',
    );
    expect(fieldErrors(neither.error!)[0]!.message).toBe(
      'give exactly one of remindAt, offsetMinutes or timeOfDay',
    );
  });

  it.each([-1, 1.5, 60 * 24 * 366 + 1])('refuses offsetMinutes %s', (offsetMinutes) => {
    expect(refusedPaths(ReminderCreate, { offsetMinutes })).toContain('offsetMinutes');
  });

  it('refuses a remindAt without offset', () => {
    expect(refusedPaths(ReminderCreate, { remindAt: '2026-03-08T08:00:00' })).toContain('remindAt');
  });
});

describe('RecurrenceInput', () => {
  it('accepts a shorthand type alone', () => {
    expect(RecurrenceInput.parse({ type: 'daily' })).toEqual({ type: 'daily' });
  });

  it('needs an rrule for a custom recurrence, and says so on the rrule field', () => {
    const result = RecurrenceInput.safeParse({ type: 'custom' });

    expect(fieldErrors(result.error!)).toEqual([
      { path: 'rrule', message: 'a custom recurrence needs an rrule' },
    ]);
    expect(RecurrenceInput.safeParse({ type: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR' }).success).toBe(
      true,
    );
  });

  it('refuses a blank rrule', () => {
    expect(refusedPaths(RecurrenceInput, { type: 'custom', rrule: '   ' })).toContain('rrule');
  });

  it('refuses until and count together', () => {
    const result = RecurrenceInput.safeParse({ type: 'weekly', until: '2026-12-31', count: 10 });

    expect(fieldErrors(result.error!)).toEqual([{ path: 'count', message: 'give until or count, not both' }]);
  });

  it('accepts until as a date or a date-time with offset, and count alone, and null for either', () => {
    for (const body of [
      { type: 'weekly', until: '2026-12-31' },
      { type: 'weekly', until: '2026-12-31T23:59:59+01:00' },
      { type: 'weekly', count: 10 },
      { type: 'weekly', until: null, count: 10 },
      { type: 'weekly', until: '2026-12-31', count: null },
    ]) {
      expect(RecurrenceInput.safeParse(body).success, JSON.stringify(body)).toBe(true);
    }
  });

  it('refuses an unknown type and a malformed until', () => {
    expect(refusedPaths(RecurrenceInput, { type: 'hourly' })).toEqual(['type']);
    expect(refusedPaths(RecurrenceInput, { type: 'weekly', until: '31/12/2026' })).toEqual(['until']);
  });
});

describe('TodoListQuery', () => {
  it('turns a single priority into an array, and keeps repeated ones', () => {
    expect(TodoListQuery.parse({ priority: 'high' }).priority).toEqual(['high']);
    expect(TodoListQuery.parse({ priority: ['high', 'urgent'] }).priority).toEqual(['high', 'urgent']);
  });

  it('turns a single tag into an array', () => {
    expect(TodoListQuery.parse({ tag: TAG_ID }).tag).toEqual([TAG_ID]);
  });

  it('refuses an unknown priority among repeated ones, naming its position', () => {
    expect(refusedPaths(TodoListQuery, { priority: ['high', 'critical'] })).toEqual(['priority.1']);
  });

  it('reads limit from the query string as a number', () => {
    expect(TodoListQuery.parse({ limit: '20' }).limit).toBe(20);
  });

  it.each(['0', '201', '2.5', 'ten'])('refuses limit=%s', (limit) => {
    expect(refusedPaths(TodoListQuery, { limit })).toEqual(['limit']);
  });

  it('refuses an unknown sort, order or due window, and unknown parameters', () => {
    expect(refusedPaths(TodoListQuery, { sort: 'random' })).toEqual(['sort']);
    expect(refusedPaths(TodoListQuery, { order: 'up' })).toEqual(['order']);
    expect(refusedPaths(TodoListQuery, { due: 'tomorrow' })).toEqual(['due']);
    expect(TodoListQuery.safeParse({ page: '2' }).success).toBe(false);
  });

  it('accepts an empty query', () => {
    expect(TodoListQuery.parse({})).toEqual({});
  });
});

describe('TagCreate and Color', () => {
  it('lowercases a colour', () => {
    expect(Color.parse('#1E90FF')).toBe('#1e90ff');
    expect(TagCreate.parse({ name: ' Work ', color: '#ABCDEF' })).toEqual({ name: 'Work', color: '#abcdef' });
  });

  it.each(['red', '#fff', '1e90ff', '#1e90fg', '#1e90ff00'])('refuses the colour %j', (color) => {
    expect(Color.safeParse(color).success).toBe(false);
  });

  // The OpenAPI document's maxLength counts what is sent, in characters (code points).
  it('counts a name’s length as sent, before the trim, in characters', () => {
    expect(TagCreate.safeParse({ name: '\n' + 'x'.repeat(50) }).success).toBe(false);
    expect(TagCreate.safeParse({ name: 'x'.repeat(50) }).success).toBe(true);
    expect(TagCreate.safeParse({ name: '😀'.repeat(50) }).success).toBe(true);
    expect(TagCreate.safeParse({ name: '   ' }).success).toBe(false);
  });
});

describe('TimeZone', () => {
  it('refuses a name longer than 64 characters', () => {
    expect(TimeZone.safeParse(`Europe/${'x'.repeat(60)}`).success).toBe(false);
  });
});

describe('RegisterBody and LoginBody', () => {
  it('trims and lowercases the email', () => {
    const body = RegisterBody.parse({ email: '  Ann.Lee@Example.COM ', password: 'correct horse' });

    expect(body.email).toBe('ann.lee@example.com');
  });

  it('signs in with the same email whatever its case', () => {
    expect(LoginBody.parse({ email: 'ANN.LEE@example.com', password: 'x' }).email).toBe(
      'ann.lee@example.com',
    );
  });

  it('refuses a password shorter than 8 characters, saying how long it must be', () => {
    const result = RegisterBody.safeParse({ email: 'ann@example.com', password: 'short12' });

    expect(fieldErrors(result.error!)).toEqual([
      { path: 'password', message: 'must have at least 8 characters' },
    ]);
    expect(RegisterBody.safeParse({ email: 'ann@example.com', password: 'eight888' }).success).toBe(true);
  });

  it('refuses something that is not an email', () => {
    expect(refusedPaths(RegisterBody, { email: 'ann at example', password: 'correct horse' })).toEqual([
      'email',
    ]);
  });

  it('refuses an unknown time zone and unknown fields', () => {
    expect(
      refusedPaths(RegisterBody, {
        email: 'a@example.com',
        password: 'correct horse',
        timeZone: 'Moon/Base',
      }),
    ).toEqual(['timeZone']);
    expect(
      RegisterBody.safeParse({ email: 'a@example.com', password: 'correct horse', admin: true }).success,
    ).toBe(false);
  });
});

describe('fieldErrors', () => {
  it('yields dotted paths for nested fields and (body) for the body as a whole', () => {
    const result = TodoCreate.safeParse({
      title: 'Buy milk',
      recurrence: { type: 'custom' },
      reminders: [{ offsetMinutes: 10 }, {}],
    });

    expect(fieldErrors(result.error!)).toEqual([
      { path: 'recurrence.rrule', message: 'a custom recurrence needs an rrule' },
      { path: 'reminders.1', message: 'give exactly one of remindAt, offsetMinutes or timeOfDay' },
    ]);
    expect(fieldErrors(TodoPatch.safeParse({}).error!)[0]!.path).toBe('(body)');
  });
});
