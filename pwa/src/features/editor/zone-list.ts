// The time zones a person picks from: the current IANA names (@vvo/tzdb, kept up to date with the tz
// database), never a link such as Asia/Calcutta or Europe/Kiev, which Chromium's ICU still reports as
// the device's zone and lists in Intl.supportedValuesOf; each with its UTC offset now, and searchable
// by name, country, city or offset. Loaded on demand (25 kB gzipped): the editor imports it lazily.
import { getTimeZones, timeZonesNames, type TimeZone } from '@vvo/tzdb';
import { formatOffset, offsetMinutes, zoneName } from './time-zones.ts';

export interface ZoneOption {
  name: string;
  /** "Asia/Kolkata (UTC+05:30)" */
  label: string;
  offsetMinutes: number;
  /** Lower-cased words to search: the name, the zone's generic name, country and main cities, offset. */
  haystack: string;
}

const CURRENT = new Set(timeZonesNames);
let groups: TimeZone[] | null = null;
const allGroups = () => (groups ??= getTimeZones({ includeUtc: true }));

/** The current name of a zone: itself when current, else the name of the group it links to. */
export function canonicalZone(name: string): string {
  if (CURRENT.has(name) || name === 'UTC') return name;
  return allGroups().find((g) => g.group.includes(name))?.name ?? name;
}

let options: ZoneOption[] | null = null;

/** Every current zone, west to east, then by name. */
export function zoneOptions(): ZoneOption[] {
  if (options) return options;
  const byName = new Map<string, TimeZone>();
  for (const g of allGroups()) for (const n of g.group) if (!byName.has(n)) byName.set(n, g);
  const now = Date.now();
  options = ['UTC', ...timeZonesNames].map((name) => {
    const group = byName.get(name);
    const offset = offsetMinutes(name, now);
    // The country and cities are those of the group's main zone: only that zone is found by them.
    const main = group?.name === name ? group : undefined;
    const words = [
      name,
      zoneName(name),
      formatOffset(offset).replace('\u2212', '-'),
      group?.alternativeName,
      main?.countryName,
      ...(main?.mainCities ?? []),
    ];
    return {
      name,
      label: `${zoneName(name)} (${formatOffset(offset)})`,
      offsetMinutes: offset,
      haystack: words.filter(Boolean).join(' ').toLowerCase(),
    };
  });
  options.sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.name.localeCompare(b.name));
  return options;
}

/** The zones whose name, country, cities or offset contain every word of `text` ("+05:30" finds India). */
export function searchZones(text: string, all: readonly ZoneOption[] = zoneOptions()): ZoneOption[] {
  const words = text
    .toLowerCase()
    .replaceAll('\u2212', '-')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!words.length) return [...all];
  return all.filter((z) => words.every((w) => z.haystack.includes(w)));
}
