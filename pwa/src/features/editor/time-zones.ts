// Time zones as the editor shows them: a zone's UTC offset at a moment and its label. Small on purpose:
// the list of zones to pick from (zone-list.ts, with the tz database's names) loads only when needed.

/** The zone's offset from UTC at `at`, in minutes (east positive). */
export function offsetMinutes(timeZone: string, at = Date.now()): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
}

/** "UTC", "UTC+05:30", "UTC−03:00" (a real minus sign). */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${minutes < 0 ? '\u2212' : '+'}${hh}:${mm}`;
}

export const zoneName = (name: string) => name.replaceAll('_', ' ');

export function zoneLabel(name: string, at = Date.now()): string {
  return `${zoneName(name)} (${formatOffset(offsetMinutes(name, at))})`;
}
