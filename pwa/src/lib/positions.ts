// Manual order: fractional index keys (the `fractional-indexing` package, as the server uses), so a device
// places a todo, a subtask or a list between two others offline without renumbering anything.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

interface Placed {
  position: string;
  id: string;
}

/** Keys compare byte-wise (the server's columns are COLLATE "C"); equal keys are ordered by id. */
export function byPosition(a: Placed, b: Placed): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The greatest key among these (null for none; a todo stored before lists has '' and no place yet). */
export function lastKey(items: Iterable<{ position: string }>): string | null {
  let last: string | null = null;
  for (const { position } of items) if (position && (last === null || position > last)) last = position;
  return last;
}

/** The key after `last`: the end of a list (the first key of an empty one). */
export const keyAfter = (last: string | null): string => generateKeyBetween(last || null, null);

/** `n` keys in order after `last`. */
export const keysAfter = (last: string | null, n: number): string[] =>
  generateNKeysBetween(last || null, null, n);

/**
 * A key between two neighbours (null: the start or the end). Two neighbours with the same key (two
 * devices placed them alike) have nothing between them: the key goes after the first.
 */
export function keyBetween(before: string | null, after: string | null): string {
  const a = before || null;
  const b = after || null;
  if (a !== null && b !== null && a >= b) return generateKeyBetween(a, null);
  return generateKeyBetween(a, b);
}
