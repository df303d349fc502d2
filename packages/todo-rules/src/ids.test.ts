import { describe, expect, it } from 'vitest';
import { occurrenceSubtaskId } from './ids.ts';

describe('ids derived alike on the server and on a device', () => {
  it('names a next occurrence’s subtask after the occurrence and the subtask it copies, for ever', () => {
    const occurrence = '0193a6e0-0000-7000-8000-000000000001';
    const subtask = '0193a6e0-0000-7000-8000-0000000000aa';
    // Pinned: stored subtasks carry these ids; a changed rule would duplicate checklists.
    expect(occurrenceSubtaskId(occurrence, subtask)).toBe('9d4edc2c-8dab-5f3f-b235-bd95bbf3a0a9');
    expect(occurrenceSubtaskId(occurrence, '0193a6e0-0000-7000-8000-0000000000ab')).not.toBe(
      occurrenceSubtaskId(occurrence, subtask),
    );
  });
});
