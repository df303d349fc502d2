// Test fixtures for the stored records (not part of the app's bundle: only tests import it).
import { uuidv7 } from '../lib/ids.ts';
import type { TodoRecord } from './records.ts';

/** The Inbox the stored todos sit in. */
export const STORED_INBOX = '0190a0b0-0000-7000-8000-0000000000ff';

/** A stored todo in sync with the server, a new id each call. */
export const storedTodo = (title: string, tagIds: string[] = []): TodoRecord => ({
  id: uuidv7(),
  title,
  description: '',
  status: 'open',
  priority: 'low',
  dueAt: null,
  allDay: false,
  timeZone: 'UTC',
  tagIds,
  recurrence: null,
  reminders: [],
  completedAt: null,
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 1,
  listId: STORED_INBOX,
  position: 'a0',
  assigneeId: null,
  subtasks: [],
  series: null,
});
