// Unit tests of core-service's configuration: what an operator's environment turns into.
import { describe, expect, it } from 'vitest';
import { loadCoreConfig } from './config.ts';

const token = { INTERNAL_TOKEN: 'x'.repeat(24) };

describe('core-service configuration', () => {
  it('ticks the reminder clock every second by default', () => {
    expect(loadCoreConfig(token).REMINDER_TICK_MS).toBe(1000);
  });

  // `REMINDER_TICK_MS=` (compose's `${REMINDER_TICK_MS}` with the variable unset) once read as 0,
  // which turns the embedded clock off without a word: no reminder would ever fire.
  it('reads an empty REMINDER_TICK_MS as unset, not as 0', () => {
    expect(loadCoreConfig({ ...token, REMINDER_TICK_MS: '' }).REMINDER_TICK_MS).toBe(1000);
  });

  it('turns the clock off only when told 0, for a Dapr cron binding to tick instead', () => {
    expect(loadCoreConfig({ ...token, REMINDER_TICK_MS: '0' }).REMINDER_TICK_MS).toBe(0);
    expect(loadCoreConfig({ ...token, REMINDER_TICK_MS: '250' }).REMINDER_TICK_MS).toBe(250);
  });

  it.each(['-1', '1.5', 'soon', '1e3'])('refuses REMINDER_TICK_MS=%j', (raw) => {
    expect(() => loadCoreConfig({ ...token, REMINDER_TICK_MS: raw })).toThrow(/REMINDER_TICK_MS: /);
  });
});
