// Ids made here that the server makes too must be the same ids.
import { defaultReminderId as serverDefaultReminderId } from '@todo/recurrence';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultReminderId, uuidv7 } from './ids.ts';

describe('the default reminder of an all-day todo', () => {
  it('has the id the server derives from the todo', () => {
    fc.assert(
      fc.property(fc.uuid(), (todoId) => {
        expect(defaultReminderId(todoId)).toBe(serverDefaultReminderId(todoId));
        expect(defaultReminderId(todoId.toUpperCase())).toBe(defaultReminderId(todoId));
      }),
    );
    expect(defaultReminderId(uuidv7())).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
