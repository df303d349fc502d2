// The sync state, always visible: offline, syncing, how many changes wait, last synced.
import { useSyncView, useMinute } from '../hooks.ts';
import { cx } from '../../ui/classes.ts';
import { CloudIcon, CloudOffIcon, SyncIcon } from '../../ui/icons.tsx';
import { formatAgo } from '../todos/format.ts';

export function SyncStatus() {
  const s = useSyncView();
  const now = useMinute();
  // Short enough for a phone's header; the title and the screen reader text say it in full.
  const pending = s.pending > 0 ? `${s.pending} waiting` : null;
  let state: 'offline' | 'syncing' | 'error' | 'ok';
  let text: string;
  if (!s.online) {
    state = 'offline';
    text = pending ? `Offline · ${pending}` : 'Offline';
  } else if (s.sessionExpired) {
    state = 'error';
    text = 'Sign in to sync';
  } else if (s.syncing) {
    state = 'syncing';
    text = pending ? `Syncing · ${pending}` : 'Syncing…';
  } else if (s.error) {
    state = 'error';
    text = pending ? `Not synced · ${pending}` : 'Not synced';
  } else {
    state = 'ok';
    text = pending ?? (s.lastSyncedAt ? `Synced ${formatAgo(s.lastSyncedAt, now)}` : 'Not synced yet');
  }
  const detail = [
    s.pending > 0 ? `${s.pending} ${s.pending === 1 ? 'change' : 'changes'} not yet on the server` : null,
    s.error,
    s.lastSyncedAt
      ? `Last synced ${new Date(s.lastSyncedAt).toLocaleString()}`
      : 'Never synced on this device',
  ]
    .filter(Boolean)
    .join('. ');
  return (
    <div
      className={cx('sync-status', `sync-${state}`)}
      role="status"
      title={detail}
      data-state={state}
      data-pending={s.pending}
      data-last-synced={s.lastSyncedAt ?? ''}
    >
      {state === 'offline' ? (
        <CloudOffIcon className="icon icon-sm" />
      ) : state === 'syncing' ? (
        <SyncIcon className="icon icon-sm spin" />
      ) : (
        <CloudIcon className="icon icon-sm" />
      )}
      <span className="sync-text">{text}</span>
      <span className="sr-only">. {detail}</span>
    </div>
  );
}
