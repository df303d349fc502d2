// Names the page's sync engine and the service worker share.
import type { Rejection } from './local.ts';

export const LEADER_LOCK = 'todo-sync-leader';
export const RUN_LOCK = 'todo-sync-run';
export const BACKGROUND_SYNC_TAG = 'todo-outbox';

export function describeRejection(r: Rejection): string {
  const what = r.mutation.type.startsWith('tag.') ? 'A tag change' : 'A change';
  return `${what} could not be saved on the server: ${r.detail}`;
}
