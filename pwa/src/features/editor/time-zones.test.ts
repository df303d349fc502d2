import { describe, expect, it } from 'vitest';
import { formatOffset, offsetMinutes } from './time-zones.ts';
import { canonicalZone, searchZones, zoneOptions } from './zone-list.ts';

const names = () => zoneOptions().map((z) => z.name);

describe('the time zones a person picks from', () => {
  it('are current names only: no links such as Asia/Calcutta or Europe/Kiev', () => {
    for (const link of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon', 'America/Godthab', 'US/Eastern'])
      expect(names()).not.toContain(link);
    for (const current of ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/Nuuk', 'UTC'])
      expect(names()).toContain(current);
    // Every one is a zone the browser (and the server's check) knows.
    for (const name of names()) expect(() => new Intl.DateTimeFormat('en', { timeZone: name })).not.toThrow();
  });

  it('map a link to its current name', () => {
    expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('UTC')).toBe('UTC');
  });

  it('show their UTC offset, west to east', () => {
    const winter = Date.parse('2030-01-15T12:00:00Z');
    const summer = Date.parse('2030-07-15T12:00:00Z');
    expect(offsetMinutes('Asia/Kolkata', winter)).toBe(330);
    expect(offsetMinutes('America/New_York', winter)).toBe(-300);
    expect(offsetMinutes('America/New_York', summer)).toBe(-240);
    expect(offsetMinutes('UTC', summer)).toBe(0);
    expect([0, 330, -180, 45].map(formatOffset)).toEqual(['UTC', 'UTC+05:30', 'UTC\u221203:00', 'UTC+00:45']);
    const offsets = zoneOptions().map((z) => z.offsetMinutes);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(zoneOptions().find((z) => z.name === 'Asia/Kolkata')!.label).toBe('Asia/Kolkata (UTC+05:30)');
  });

  it('are found by name, country, city or offset', () => {
    const found = (text: string) => searchZones(text).map((z) => z.name);
    expect(found('kolk')).toEqual(['Asia/Kolkata']);
    expect(found('mumbai')).toEqual(['Asia/Kolkata']);
    expect(found('+05:30')).toContain('Asia/Kolkata');
    expect(found('new york')).toEqual(['America/New_York']);
    expect(found('ukraine')).toContain('Europe/Kyiv');
    expect(found('kiev')).toEqual([]);
    expect(found('')).toHaveLength(zoneOptions().length);
  });
});
