// Members of shared lists as rows and the editor show them: initials for the avatar, and the name a
// screen reader says.
import type { ListMember } from '@todo/contracts';

type Person = Pick<ListMember, 'name' | 'email'>;

/** Up to two letters: of the first and last name, else the first of the name or email address. */
export function initials(person: Person): string {
  const words = person.name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length >= 2 ? [words[0]!, words[words.length - 1]!] : [words[0] ?? person.email];
  return letters
    .map((w) => w.charAt(0))
    .join('')
    .toUpperCase();
}

export const displayName = (person: Person) => person.name.trim() || person.email;
