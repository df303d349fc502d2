// The sidebar: the views (Today, Upcoming, All), then the person's lists with their open todos (the Inbox
// first, the others in the person's order, moved by their handles), "New list", archived lists folded
// away, and the saved filters. A column on wide screens; on phones a drawer (a modal dialog: focus
// moves in, Escape closes, focus returns to its button).
import type { List } from '@todo/contracts';
import { Suspense, lazy, useEffect, useRef, useState, type ReactNode } from 'react';
import { navigate } from '../../lib/router.ts';
import { cx } from '../../ui/classes.ts';
import { useLists, useOpenCounts } from '../hooks.ts';
import type { View } from '../views/ViewTabs.tsx';
import { ListMark } from './ListBadge.tsx';
import { openListDialog } from './dialog-state.ts';
import type { RowDrag } from '../order/ReorderList.tsx';

// dnd-kit stays out of the first load: loaded once there are lists to order.
const ReorderableLists = lazy(() => import('./ReorderableLists.tsx'));

const VIEWS: { id: View; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: 'upcoming', label: 'Upcoming' },
  { id: 'all', label: 'All' },
];

export interface SidebarProps {
  view: View;
  /** The list shown, or null for a view. */
  listId: string | null;
  onView: (view: View) => void;
  /** Saved filters (issue 15) go here, after the lists; onGo closes the phone's drawer. */
  children?: (onGo: () => void) => ReactNode;
}

export interface ListLinkProps {
  list: List;
  count: number;
  current: boolean;
  onGo: () => void;
  /** In the person's own order: the row moves by its handle. */
  drag?: RowDrag | undefined;
}

function ListLink({ list, count, current, onGo, drag }: ListLinkProps) {
  const href = `/lists/${list.id}`;
  return (
    <li className={cx('sidebar-row', drag?.dragging && 'is-dragging')} ref={drag?.ref} style={drag?.style}>
      <a
        href={href}
        className={cx('sidebar-item', current && 'is-current')}
        aria-current={current ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(href);
          onGo();
        }}
      >
        <ListMark list={list} />
        <span className="sidebar-name">{list.name}</span>
        {count > 0 && (
          <span className="sidebar-count" aria-label={`${count} open`}>
            {count}
          </span>
        )}
      </a>
      {drag?.handle}
    </li>
  );
}

function SidebarContent({ view, listId, onView, children, onGo }: SidebarProps & { onGo: () => void }) {
  const lists = useLists();
  const counts = useOpenCounts();
  const active = lists.filter((l) => !l.archived);
  const archived = lists.filter((l) => l.archived);
  const inbox = active.filter((l) => l.inbox);
  const others = active.filter((l) => !l.inbox);
  const row = (l: List, drag?: RowDrag) => (
    <ListLink
      key={l.id}
      list={l}
      count={counts.get(l.id) ?? 0}
      current={l.id === listId}
      onGo={onGo}
      drag={drag}
    />
  );
  return (
    <>
      <h2 className="sidebar-heading">Views</h2>
      <ul className="sidebar-list">
        {VIEWS.map((v) => {
          const current = listId === null && view === v.id;
          return (
            <li key={v.id}>
              <a
                href="/"
                className={cx('sidebar-item', current && 'is-current')}
                aria-current={current ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  onView(v.id);
                  navigate('/');
                  onGo();
                }}
              >
                <span className="sidebar-name">{v.label}</span>
              </a>
            </li>
          );
        })}
      </ul>
      <h2 className="sidebar-heading">Lists</h2>
      {/* The Inbox stays first; the person's lists follow in their order. */}
      {others.length < 2 ? (
        <ul className="sidebar-list">{active.map((l) => row(l))}</ul>
      ) : (
        <Suspense fallback={<ul className="sidebar-list">{active.map((l) => row(l))}</ul>}>
          <ReorderableLists inbox={inbox} lists={others} row={row} />
        </Suspense>
      )}
      <button
        type="button"
        className="link-button sidebar-new"
        onClick={() => {
          onGo();
          openListDialog('new');
        }}
      >
        + New list
      </button>
      {archived.length > 0 && (
        <details className="sidebar-archived">
          <summary>Archived lists ({archived.length})</summary>
          <ul className="sidebar-list">{archived.map((l) => row(l))}</ul>
        </details>
      )}
      {/* Saved filters (issue 15), a section after the lists. */}
      {children?.(onGo)}
    </>
  );
}

/** The column on wide screens (hidden on phones, where the drawer holds the same). */
export function Sidebar(props: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="Views and lists">
      <SidebarContent {...props} onGo={() => undefined} />
    </nav>
  );
}

/** The phone's button and drawer. */
export function SidebarDrawer(props: SidebarProps) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="button drawer-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">☰</span> Lists
      </button>
      <dialog
        ref={dialog}
        className="drawer"
        aria-label="Views and lists"
        onClose={() => {
          setOpen(false);
          button.current?.focus();
        }}
        onClick={(e) => {
          // A tap on the backdrop (the dialog itself, outside its panel) closes it.
          if (e.target === dialog.current) setOpen(false);
        }}
      >
        <nav className="drawer-panel" aria-label="Views and lists">
          <button type="button" className="button drawer-close" onClick={() => setOpen(false)}>
            Close
          </button>
          {open && <SidebarContent {...props} onGo={() => setOpen(false)} />}
        </nav>
      </dialog>
    </>
  );
}
