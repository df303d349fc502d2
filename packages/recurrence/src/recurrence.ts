// Recurrence, shared by core-service and the PWA: validates recurrence input and computes a series' next due instant.
// Pure functions (no I/O); RFC 5545 expansion is done by rrule-temporal on temporal-polyfill.
import type { Recurrence, RecurrenceInput, RecurrenceType } from '@todo/contracts';
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { v5 as uuidv5 } from 'uuid';

/** A recurrence that cannot be accepted or evaluated; the message says what is wrong, in plain words. */
export class RecurrenceError extends Error {
  override name = 'RecurrenceError';
}

/**
 * uuid v5 namespace of occurrence ids. Never change it: ids made on devices and on the server must agree,
 * and ids already stored would no longer match the occurrences they name.
 */
export const OCCURRENCE_NAMESPACE = '3a85f4a4-d750-4fa7-9dab-dffd2108e9f4';

const SHORTHAND_FREQ: Record<Exclude<RecurrenceType, 'custom'>, string> = {
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  yearly: 'YEARLY',
};
const SUB_DAILY = new Set(['HOURLY', 'MINUTELY', 'SECONDLY']);
const WEEKDAYS = new Set(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);

/** Integer-list parts: [smallest absolute value, largest, negatives allowed]. */
const NUMBER_PARTS: Record<string, [number, number, boolean]> = {
  INTERVAL: [1, 10000, false],
  COUNT: [1, 10000, false],
  BYSECOND: [0, 60, false],
  BYMINUTE: [0, 59, false],
  BYHOUR: [0, 23, false],
  BYMONTHDAY: [1, 31, true],
  BYYEARDAY: [1, 366, true],
  BYWEEKNO: [1, 53, true],
  BYMONTH: [1, 12, false],
  BYSETPOS: [1, 366, true],
};

/** The order parts are written in, so equal rules are stored as equal strings. */
const PART_ORDER = [
  ...['FREQ', 'INTERVAL', 'BYMONTH', 'BYWEEKNO', 'BYYEARDAY', 'BYMONTHDAY', 'BYDAY'],
  ...['BYHOUR', 'BYMINUTE', 'BYSECOND', 'BYSETPOS', 'WKST'],
];

/** Only used to test that a rule can produce anything; a leap year, so Feb 29 rules pass. */
const PROBE_START = Temporal.ZonedDateTime.from('2000-01-01T00:00:00[UTC]');

interface ParsedRule {
  parts: Map<string, string>;
  until: string | null;
  count: number | null;
}

function fail(message: string): never {
  throw new RecurrenceError(message);
}

/** Accepts a bare rule, an `RRULE:` line, or an iCalendar snippet whose DTSTART line is dropped. */
function ruleBody(raw: string): string {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const line of lines) {
    const property = /^([A-Z-]+)[;:]/i.exec(line)?.[1]?.toUpperCase();
    if (property && property !== 'RRULE' && property !== 'DTSTART') {
      fail(`rrule: ${property} is not supported, give only the rule (e.g. FREQ=WEEKLY;BYDAY=MO)`);
    }
  }
  // The series start is the todo's due time, so a pasted DTSTART is redundant rather than wrong.
  const rules = lines.filter((line) => !/^DTSTART[;:]/i.test(line));
  if (rules.length !== 1) fail('rrule: give exactly one rule, e.g. FREQ=WEEKLY;BYDAY=MO');
  return rules[0]!.replace(/^RRULE:/i, '');
}

function canonicalNumbers(name: string, value: string): string {
  const [min, max, signed] = NUMBER_PARTS[name]!;
  const range = signed ? `${min} to ${max} or -${max} to -${min}` : `${min} to ${max}`;
  const list = name === 'INTERVAL' || name === 'COUNT' ? [value] : value.split(',');
  return list
    .map((item) => {
      const n = /^[+-]?\d{1,5}$/.test(item) ? Number(item) : NaN;
      const ok = Math.abs(n) >= min && Math.abs(n) <= max && (signed || n >= 0);
      return ok ? String(n) : fail(`rrule: ${name}=${value} must be ${range}`);
    })
    .join(',');
}

function canonicalByDay(value: string): string {
  return value
    .split(',')
    .map((item) => {
      const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
      const ordinal = m?.[1] === undefined ? null : Number(m[1]);
      const ok = m && WEEKDAYS.has(m[2]!) && (ordinal === null || (ordinal !== 0 && Math.abs(ordinal) <= 53));
      return ok
        ? `${ordinal ?? ''}${m[2]}`
        : fail(`rrule: BYDAY=${value} is not a list like MO,WE or 1FR,-1SU`);
    })
    .join(',');
}

/** RRULE UNTIL (20261231 or 20261231T235959Z) in the form the `until` field stores. */
function untilFromRule(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m) fail(`rrule: UNTIL=${value} is not a date (20261231) or a UTC date-time (20261231T235959Z)`);
  if (m[4] !== undefined && m[7] === undefined) fail(`rrule: UNTIL=${value} must be in UTC (end with Z)`);
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return normalizeUntil(m[4] === undefined ? date : `${date}T${m[4]}:${m[5]}:${m[6]}Z`);
}

function parsePart(name: string, value: string, rule: ParsedRule): void {
  if (name === 'UNTIL') rule.until = untilFromRule(value);
  else if (name === 'COUNT') rule.count = Number(canonicalNumbers(name, value));
  else if (name === 'FREQ') rule.parts.set(name, value);
  else if (name === 'BYDAY') rule.parts.set(name, canonicalByDay(value));
  else if (name === 'WKST')
    rule.parts.set(name, WEEKDAYS.has(value) ? value : fail(`rrule: WKST=${value} is not a weekday`));
  else if (name in NUMBER_PARTS) rule.parts.set(name, canonicalNumbers(name, value));
  else fail(`rrule: unknown or unsupported part ${name}`);
}

/** Parses and validates the syntax of a rule; spaces and letter case do not matter. */
function parseRule(raw: string): ParsedRule {
  const rule: ParsedRule = { parts: new Map(), until: null, count: null };
  const seen = new Set<string>();
  const body = ruleBody(raw).replace(/\s+/g, '').toUpperCase();
  for (const part of body.split(';').filter((p) => p !== '')) {
    const m = /^([A-Z-]+)=(.+)$/.exec(part);
    if (!m) fail(`rrule: "${part}" is not of the form NAME=VALUE`);
    if (seen.has(m[1]!)) fail(`rrule: ${m[1]} is given more than once`);
    seen.add(m[1]!);
    parsePart(m[1]!, m[2]!, rule);
  }
  const freq = rule.parts.get('FREQ') ?? fail('rrule: FREQ is missing, e.g. FREQ=WEEKLY');
  if (SUB_DAILY.has(freq)) fail(`rrule: FREQ=${freq} is not supported, the smallest step is DAILY`);
  if (!['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq))
    fail(`rrule: FREQ=${freq} is not a frequency`);
  if (rule.until !== null && rule.count !== null) fail('rrule: give UNTIL or COUNT, not both');
  return rule;
}

function formatRule(parts: Map<string, string>): string {
  return PART_ORDER.filter((name) => parts.has(name))
    .map((name) => `${name}=${parts.get(name)}`)
    .join(';');
}

/** Builds the library rule; strict mode enforces RFC 5545's part/frequency combinations (e.g. no BYWEEKNO in MONTHLY). */
function buildRule(rrule: string, dtstart: Temporal.ZonedDateTime): RRuleTemporal<Temporal.ZonedDateTime> {
  try {
    return new RRuleTemporal({ rruleString: rrule, dtstart, strict: true, temporal: Temporal });
  } catch (e) {
    return fail(`rrule: ${(e as Error).message}`);
  }
}

function assertProducesOccurrence(rrule: string): void {
  let first: Temporal.ZonedDateTime | null;
  try {
    first = buildRule(rrule, PROBE_START).next(PROBE_START, true);
  } catch (e) {
    // The library gives up after a bounded search (e.g. FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30).
    if (e instanceof RecurrenceError) throw e;
    first = null;
  }
  if (first === null) fail(`rrule: ${rrule} never produces an occurrence`);
}

/** `until` keeps its kind: a calendar date stays a date (end of that day in the todo's zone), an instant stays as given. */
function normalizeUntil(until: string): string {
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(until)) return Temporal.PlainDate.from(until).toString();
    Temporal.Instant.from(until);
    return until;
  } catch {
    return fail(`until: ${until} is not a date (2026-12-31) or a date-time with offset`);
  }
}

function pickEnd<T>(field: T | null | undefined, fromRule: T | null, name: string): T | null {
  if (field !== undefined && field !== null && fromRule !== null) {
    fail(`${name}: given both in the rrule and as a field, give it once`);
  }
  return field ?? fromRule;
}

/** Validate and normalise user input into the stored/returned shape (rrule without DTSTART, UNTIL, COUNT). */
export function normalizeRecurrence(input: RecurrenceInput): Recurrence {
  const { type } = input;
  if (type !== 'custom' && !(type in SHORTHAND_FREQ)) fail(`type: ${String(type)} is not a recurrence type`);
  if (input.rrule === undefined && type === 'custom') fail('rrule: a custom recurrence needs an rrule');
  const parsed = parseRule(input.rrule ?? `FREQ=${SHORTHAND_FREQ[type as keyof typeof SHORTHAND_FREQ]}`);
  const freq = parsed.parts.get('FREQ')!;
  if (type !== 'custom' && SHORTHAND_FREQ[type] !== freq)
    fail(`rrule: FREQ=${freq} does not match type ${type}`);
  const until = pickEnd(
    input.until === undefined || input.until === null ? null : normalizeUntil(input.until),
    parsed.until,
    'until',
  );
  const count = pickEnd(input.count, parsed.count, 'count');
  if (until !== null && count !== null) fail('count: give until or count, not both');
  if (count !== null && (!Number.isInteger(count) || count < 1))
    fail('count: must be a whole number of at least 1');
  const rrule = formatRule(parsed.parts);
  assertProducesOccurrence(rrule);
  return { type, rrule, until, count, fromCompletion: input.fromCompletion ?? false };
}

function zoned(iso: string, timeZone: string, what: string): Temporal.ZonedDateTime {
  try {
    return Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone);
  } catch {
    return fail(`${what}: ${iso} is not an ISO date-time with offset, or ${timeZone} is not a time zone`);
  }
}

/**
 * DTSTART of a series restarted on the day of completion at the due time of day. When that wall time does not exist
 * (DST gap) Temporal moves it forward, and the library would take the moved hour as the series' time; pinning the
 * time parts the rule does not set keeps 02:30 at 02:30 on the following days.
 */
function restart(rrule: string, completed: Temporal.ZonedDateTime, due: Temporal.ZonedDateTime) {
  const start = completed
    .toPlainDate()
    .toZonedDateTime({ timeZone: due.timeZoneId, plainTime: due.toPlainTime() });
  if (Temporal.PlainTime.compare(start.toPlainTime(), due.toPlainTime()) === 0) return { rrule, start };
  const parts = parseRule(rrule).parts;
  const pins: [string, number][] = [
    ['BYHOUR', due.hour],
    ['BYMINUTE', due.minute],
    ['BYSECOND', due.second],
  ];
  for (const [name, value] of pins) if (!parts.has(name)) parts.set(name, String(value));
  return { rrule: formatRule(parts), start };
}

function withinUntil(next: Temporal.ZonedDateTime, until: string | null): boolean {
  if (until === null) return true;
  // A date is inclusive up to the end of that day in the todo's zone; an instant is inclusive.
  if (/^\d{4}-\d{2}-\d{2}$/.test(until)) return Temporal.PlainDate.compare(next.toPlainDate(), until) <= 0;
  return Temporal.Instant.compare(next.toInstant(), until) <= 0;
}

/** Stored rules are normally already normalised; re-parsing keeps a stray UNTIL/COUNT in the rrule effective. */
function storedRule(recurrence: Recurrence): { rrule: string; until: string | null; count: number | null } {
  const parsed = parseRule(recurrence.rrule);
  return {
    rrule: formatRule(parsed.parts),
    until: recurrence.until ?? parsed.until,
    count: recurrence.count ?? parsed.count,
  };
}

/** Next due instant (ISO 8601 UTC, ending in Z) after the occurrence being completed, or null when the series has ended. */
export function nextOccurrence(args: {
  recurrence: Recurrence;
  seriesStart: string;
  timeZone: string;
  currentDueAt: string;
  completedAt: string;
  occurrenceIndex: number;
}): string | null {
  const { recurrence, timeZone, occurrenceIndex } = args;
  if (!Number.isInteger(occurrenceIndex) || occurrenceIndex < 1) fail('occurrenceIndex: must be 1 or more');
  const { rrule, until, count } = storedRule(recurrence);
  if (count !== null && occurrenceIndex >= count) return null;
  const due = zoned(args.currentDueAt, timeZone, 'currentDueAt');
  const series = recurrence.fromCompletion
    ? restart(rrule, zoned(args.completedAt, timeZone, 'completedAt'), due)
    : { rrule, start: zoned(args.seriesStart, timeZone, 'seriesStart') };
  // Never at or before the occurrence being completed (a fromCompletion series restarted on an early completion
  // could otherwise give the same due again), as the next todo's id would then collide with it (see occurrenceId).
  const after =
    recurrence.fromCompletion && Temporal.ZonedDateTime.compare(series.start, due) > 0 ? series.start : due;
  let next: Temporal.ZonedDateTime | null;
  try {
    // next(after) jumps to a period aligned with `after`, so a years-old series is not replayed from its start.
    next = buildRule(series.rrule, series.start).next(after);
  } catch (e) {
    if (e instanceof RecurrenceError) throw e;
    next = null; // the library's bounded search found nothing more: the series has ended
  }
  if (next === null || !withinUntil(next, until)) return null;
  return next.toInstant().toString({ smallestUnit: 'millisecond' });
}

/**
 * Deterministic id of the occurrence of `seriesId` due at `dueAt`, so two devices completing the same occurrence
 * create one next todo. The instant is written in one canonical form first: the same moment with another offset or
 * precision gives the same id. Name format (for clients that compute it too): `<seriesId lowercased>@<UTC ms ISO>`.
 */
export function occurrenceId(seriesId: string, dueAt: string): string {
  if (seriesId.trim() === '') fail('seriesId: must not be empty');
  let instant: string;
  try {
    instant = Temporal.Instant.from(dueAt).toString({ smallestUnit: 'millisecond' });
  } catch {
    return fail(`dueAt: ${dueAt} is not an ISO date-time with offset`);
  }
  return uuidv5(`${seriesId.trim().toLowerCase()}@${instant}`, OCCURRENCE_NAMESPACE);
}
