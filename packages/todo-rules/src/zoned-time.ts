// Local days in an IANA time zone without Temporal (kept out of the PWA's first load): the start of a
// person's day, and date/time parts for pickers. DST-correct by asking Intl for the zone's offset.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallTime(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Milliseconds the zone is ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant of a wall time in a zone. A time skipped by a DST change resolves to the instant after the
 * gap, and a repeated one to its first occurrence (Temporal's "compatible" choice).
 */
export function zonedInstant(w: Omit<WallTime, 'second'> & { second?: number }, timeZone: string): number {
  const utc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
  // The offsets in force a day either side cover any single transition near this wall time.
  const before = utc - offsetAt(utc - 86_400_000, timeZone);
  const after = utc - offsetAt(utc + 86_400_000, timeZone);
  const valid = [before, after].filter((t) => t + offsetAt(t, timeZone) === utc);
  if (valid.length) return Math.min(...valid);
  return Math.max(before, after); // in a gap: the wall time does not exist
}

/**
 * The first instant of the local day containing `ms`, then `days` later at the same wall time (as the
 * server's Temporal `startOfDay().add({ days })`: a day that starts at 01:00 after a DST gap moves 01:00).
 */
export function startOfLocalDay(ms: number, timeZone: string, days = 0): number {
  // Rendering a list asks this for every row: the answer only changes with the local day.
  const key = `${timeZone}|${days}|${Math.floor(ms / 60_000)}`;
  let hit = dayCache.get(key);
  if (hit === undefined) {
    hit = computeStartOfLocalDay(ms, timeZone, days);
    if (dayCache.size > 256) dayCache.clear();
    dayCache.set(key, hit);
  }
  return hit;
}

const dayCache = new Map<string, number>();

function computeStartOfLocalDay(ms: number, timeZone: string, days: number): number {
  const w = wallTime(ms, timeZone);
  const start = zonedInstant({ year: w.year, month: w.month, day: w.day, hour: 0, minute: 0 }, timeZone);
  if (days === 0) return start;
  const s = wallTime(start, timeZone);
  const date = new Date(Date.UTC(s.year, s.month - 1, s.day + days));
  return zonedInstant(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: s.hour,
      minute: s.minute,
      second: s.second,
    },
    timeZone,
  );
}

/** `YYYY-MM-DD` and `HH:MM` of an instant in a zone, for date and time inputs. */
export function toInputs(iso: string, timeZone: string): { date: string; time: string } {
  const w = wallTime(Date.parse(iso), timeZone);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return { date: `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}`, time: `${p(w.hour)}:${p(w.minute)}` };
}

export function fromInputs(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!d) return null;
  const t = /^(\d{2}):(\d{2})$/.exec(time || '09:00');
  if (!t) return null;
  const ms = zonedInstant(
    { year: +d[1]!, month: +d[2]!, day: +d[3]!, hour: +t[1]!, minute: +t[2]! },
    timeZone,
  );
  return new Date(ms).toISOString();
}
