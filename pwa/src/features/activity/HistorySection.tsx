// The editor's "History" section: closed at first, and its entries are fetched (and their code
// loaded) only when the person opens it.
import { Suspense, useState } from 'react';
import { TodoHistory } from '../lazy-screens.ts';
import { HistoryIcon } from '../../ui/icons.tsx';

export function HistorySection({ todoId, timeZone }: { todoId: string; timeZone: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="field history-section" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <HistoryIcon className="icon icon-sm" />
        History
      </summary>
      {open && (
        <Suspense fallback={<p className="hint">Loading…</p>}>
          <TodoHistory todoId={todoId} timeZone={timeZone} />
        </Suspense>
      )}
    </details>
  );
}
