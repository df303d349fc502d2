// A person's Inbox: its id derives from theirs (a name-based UUID), so the migration, the account's
// creation and an offline device all name the same list without asking anyone. Never change these.
import { v5 as uuidv5 } from 'uuid';

const INBOX_NAMESPACE = '6f1c1d62-8f0b-4a43-9d7e-1b8b5c1d2a10';
export const INBOX_NAME = 'Inbox';
export const INBOX_COLOR = '#4b5563';

export function inboxIdOf(userId: string): string {
  return uuidv5(`inbox:${userId}`, INBOX_NAMESPACE);
}
