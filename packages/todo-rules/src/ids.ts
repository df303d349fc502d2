// Ids the server and a device derive alike, so a default reminder made offline and the one the server
// makes are the same record.
import { v5 as uuidv5 } from 'uuid';

/** uuid v5 namespace of default reminder ids. Never change it (see defaultReminderId). */
export const DEFAULT_REMINDER_NAMESPACE = 'b0d7a0b4-2f0e-4c1e-9a57-51c3d8e0f6a2';

/**
 * The id of the reminder an all-day todo gets at the person's default time: derived from the todo,
 * so the one a device adds offline and the one the server adds are the same reminder.
 */
export function defaultReminderId(todoId: string): string {
  return uuidv5(`${todoId.toLowerCase()}/default-reminder`, DEFAULT_REMINDER_NAMESPACE);
}

/** uuid v5 namespace of Inbox ids. Never change it (see inboxIdOf). */
export const INBOX_NAMESPACE = '6f1c1d62-8f0b-4a43-9d7e-1b8b5c1d2a10';

/**
 * A person's Inbox: its id derives from theirs (a name-based UUID), so the server's migration, the
 * account's creation and an offline device all name the same list without asking anyone.
 */
export function inboxIdOf(userId: string): string {
  return uuidv5(`inbox:${userId}`, INBOX_NAMESPACE);
}

/** uuid v5 namespace of a next occurrence's subtask ids. Never change it (see occurrenceSubtaskId). */
export const OCCURRENCE_SUBTASK_NAMESPACE = 'b1e0f5d4-3c7a-4f29-8e61-2d9a4c7b5e13';

/**
 * The id of a subtask in the next occurrence of a recurring todo, derived from that occurrence and the
 * subtask it copies: the checklist a device makes offline on completing and the server's are the same.
 */
export function occurrenceSubtaskId(occurrenceId: string, subtaskId: string): string {
  return uuidv5(`${occurrenceId}:${subtaskId}`, OCCURRENCE_SUBTASK_NAMESPACE);
}
