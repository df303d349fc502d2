// Manual order: fractional index keys (the `fractional-indexing` package, as the server uses), so a device
// places a todo, a subtask or a list between two others offline without renumbering anything.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface Positioned {
  id: string;
  position: string;
}

/** Keys compare byte-wise (the server's columns are COLLATE "C"); equal keys are ordered by id. */
export function byPosition(a: Positioned, b: Positioned): number {
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
export const keyAfter = (last: string | null): string => keyBetween(last, null);

/** `n` keys in order after `last`. */
export const keysAfter = (last: string | null, n: number): string[] => keysBetween(last, null, n);

/**
 * A key between two neighbours (null or '': the start or the end). Two neighbours with the same key (two
 * devices placed them alike) have nothing between them: the key goes after the first (moveTo keeps the
 * order asked for in that case).
 */
export function keyBetween(before: string | null, after: string | null): string {
  const a = before || null;
  const b = after || null;
  if (a !== null && b !== null && a >= b) return generateKeyBetween(a, null);
  return generateKeyBetween(a, b);
}

/** `n` keys in order strictly between two different neighbours (null or '': the start or the end). */
export const keysBetween = (before: string | null, after: string | null, n: number): string[] =>
  generateNKeysBetween(before || null, after || null, n);

/**
 * The new keys that move `items[from]` to index `to` (`items` in `byPosition` order; `to` counts in the
 * list as it is after the move). Usually one key, strictly between the new neighbours. When those two
 * have the same key (two devices put items at the same place offline), nothing fits between them: the
 * items after the moved one that share that key get new keys too, so the order asked for holds.
 */
export function moveTo(items: readonly Positioned[], from: number, to: number): Positioned[] {
  const moved = items[from];
  if (!moved || from === to || to < 0 || to >= items.length) return [];
  const rest = items.filter((_, i) => i !== from);
  // '' is a todo stored before lists, not placed yet: it sorts first, as the start does.
  const prev = rest[to - 1]?.position || null;
  const next = rest[to]?.position || null;
  if (prev === null || prev !== next) return [{ id: moved.id, position: keyBetween(prev, next) }];
  // Equal neighbours: the moved item and the run of equal keys after it get fresh keys up to the next
  // greater key.
  let end = to;
  while (end < rest.length && rest[end]!.position === prev) end++;
  const keys = keysBetween(prev, rest[end]?.position ?? null, end - to + 1);
  return [moved, ...rest.slice(to, end)].map((item, i) => ({ id: item.id, position: keys[i]! }));
}
