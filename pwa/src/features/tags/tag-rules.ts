// What a tag's name may be (the server's rule: 1–50 characters once trimmed, unique per person ignoring
// case) and how many of the person's todos carry a tag, said the way the delete confirmation says it.
import type { Tag } from '@todo/contracts';

export const TAG_NAME_MAX = 50;

/** Why `name` cannot be the name of `tag` (null when it can). */
export function tagNameError(name: string, tag: Pick<Tag, 'id'>, tags: readonly Tag[]): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'A tag needs a name.';
  if (trimmed.length > TAG_NAME_MAX) return `A tag name has at most ${TAG_NAME_MAX} characters.`;
  const lower = trimmed.toLowerCase();
  const other = tags.find((t) => t.id !== tag.id && t.name.toLowerCase() === lower);
  return other ? `Tag “${other.name}” already exists.` : null;
}

/** "no todos", "1 todo", "3 todos". */
export function todosCount(n: number): string {
  return n === 0 ? 'no todos' : n === 1 ? '1 todo' : `${n} todos`;
}
