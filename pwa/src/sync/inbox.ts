// The person's Inbox on this device. The server's enters the change log only once it changes, so a device
// makes it itself, as the server made it (same derived id, name, colour, place and only member), and
// stores it as server state: a pull replaces it whenever the server's changes.
import type { List, User } from '@todo/contracts';
import { inboxIdOf } from '@todo/todo-rules';
import type { LocalTx } from '../db/local-tx.ts';

export const INBOX_NAME = 'Inbox';
export const INBOX_COLOR = '#4b5563';

export function defaultInbox(user: Pick<User, 'id' | 'email' | 'name'>): List {
  return {
    id: inboxIdOf(user.id),
    name: INBOX_NAME,
    color: INBOX_COLOR,
    icon: null,
    position: 'a0',
    archived: false,
    inbox: true,
    role: 'owner',
    members: [{ userId: user.id, email: user.email, name: user.name, role: 'owner' }],
  };
}

/** Stores the signed-in person's Inbox when this device has none yet (a first pull, a reset). */
export async function ensureInbox(tx: LocalTx): Promise<void> {
  const user = await tx.getMeta<User>('user');
  if (!user) return;
  const [stored] = await tx.getLists([inboxIdOf(user.id)]);
  if (!stored) await tx.putLists([defaultInbox(user)]);
}
