import { describe, expect, it } from 'vitest';
import { reminderOutcome } from './reminder-outcome.ts';

const nothing = { wantsPush: true, devices: 0, wantsEmail: false, emailConfigured: false };

describe('what the history says became of a reminder', () => {
  it('names the channels that delivered it', () => {
    expect(reminderOutcome('Stretch', { push: 2, email: 0 }, nothing).summary).toBe(
      'Reminder for "Stretch" pushed to 2 devices',
    );
    expect(reminderOutcome('Stretch', { push: 1, email: 1 }, nothing)).toEqual({
      type: 'reminder.delivered',
      summary: 'Reminder for "Stretch" pushed to 1 device and emailed',
    });
  });

  it('says "no channel" and why when nothing delivered it', () => {
    expect(reminderOutcome('Stretch', { push: 0, email: 0 }, nothing)).toEqual({
      type: 'reminder.undelivered',
      summary:
        'Reminder for "Stretch": no channel delivered it (no device is subscribed to push; email reminders are off)',
    });
    const refused = { wantsPush: true, devices: 1, wantsEmail: true, emailConfigured: false };
    expect(reminderOutcome('Stretch', { push: 0, email: 0 }, refused).summary).toContain(
      '(the push service refused it; no mail server is configured)',
    );
    const off = { wantsPush: false, devices: 3, wantsEmail: true, emailConfigured: true };
    expect(reminderOutcome('Stretch', { push: 0, email: 0 }, off).summary).toContain(
      '(push is turned off; the mail server refused it)',
    );
  });
});
