// A person's Inbox: its id derives from theirs (@todo/todo-rules inboxIdOf, which the PWA runs too), so
// the migration, the account's creation and an offline device all name the same list. Never change these.
export { inboxIdOf } from '@todo/todo-rules';

export const INBOX_NAME = 'Inbox';
export const INBOX_COLOR = '#4b5563';
