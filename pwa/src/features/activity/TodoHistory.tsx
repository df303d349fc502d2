// The editor's "History": this todo's entries of the activity history (GET /api/activity?todoId=),
// loaded when the person opens the section. Online only, like the activity screen.
import { useMinute } from '../hooks.ts';
import { ActivityList } from './ActivityList.tsx';
import { ActivityState, LoadMore } from './ActivityScreen.tsx';
import { useActivity } from './activity.ts';

export default function TodoHistory({ todoId, timeZone }: { todoId: string; timeZone: string }) {
  const view = useActivity(todoId, 20);
  const now = useMinute();
  return (
    <div className="history" aria-busy={view.state === 'loading'}>
      <ActivityState view={view} what="The history" />
      {view.items.length > 0 && (
        <ActivityList
          label="History of this todo"
          items={view.items}
          timeZone={timeZone}
          now={now}
          exists={() => false}
        />
      )}
      {view.state === 'ready' && view.items.length === 0 && (
        <p className="hint">No history yet: changes show here once they reach the server.</p>
      )}
      <LoadMore view={view} />
    </div>
  );
}
