// The activity screen: what happened to the person's todos and tags, from every device, newest first,
// grouped by day, with "Load more" for older entries. Online only (the history is the server's).
import type { User } from '@todo/contracts';
import { useId } from 'react';
import { useMinute, useSyncView, useTodos } from '../hooks.ts';
import { PageHead } from '../../ui/PageHead.tsx';
import { ActivityList } from './ActivityList.tsx';
import { useActivity } from './activity.ts';

export default function ActivityScreen({ user }: { user: User }) {
  const id = useId();
  const view = useActivity();
  const now = useMinute();
  const { todos } = useTodos();
  const { pending } = useSyncView();
  const headingId = `${id}-title`;
  return (
    <section className="page activity" aria-labelledby={headingId} aria-busy={view.state === 'loading'}>
      <PageHead id={headingId} title="Activity" />
      <p className="lead">Changes to your todos and tags from all your devices, newest first.</p>
      <ActivityState view={view} what="Your activity" />
      {pending > 0 && view.state !== 'offline' && (
        <p className="hint">
          {pending === 1 ? '1 change' : `${pending} changes`} made on this device will show once synced.
        </p>
      )}
      {view.items.length > 0 && (
        <ActivityList
          grouped
          label="Activity"
          items={view.items}
          timeZone={user.timeZone}
          now={now}
          exists={(todoId) => todos.has(todoId)}
        />
      )}
      {view.state === 'ready' && view.items.length === 0 && (
        <p className="empty">Nothing yet. Add a todo and it shows here.</p>
      )}
      <LoadMore view={view} />
    </section>
  );
}

/** Loading, offline and failure states, shared with the editor's history. */
export function ActivityState({ view, what }: { view: ReturnType<typeof useActivity>; what: string }) {
  if (view.state === 'loading' && view.items.length === 0) return <p className="hint">Loading…</p>;
  if (view.state === 'offline')
    return (
      <p className="notice" role="status">
        {view.items.length
          ? 'You are offline. Newer entries show once you are back online.'
          : `You are offline. ${what} is kept on the server and shows once you are back online.`}
      </p>
    );
  if (view.state === 'error')
    return (
      <div className="form-error activity-error" role="alert">
        <p className="error">
          {what} could not be loaded: {view.error}
        </p>
        <button type="button" className="button" onClick={view.retry}>
          Try again
        </button>
      </div>
    );
  return null;
}

export function LoadMore({ view }: { view: ReturnType<typeof useActivity> }) {
  if (!view.more || view.state !== 'ready') return null;
  return (
    <div className="list-more">
      <button type="button" className="button" onClick={view.loadMore} disabled={view.loadingMore}>
        {view.loadingMore ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
