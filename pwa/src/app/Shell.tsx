// The signed-in app: header (search, sync state, account), quick add, filters and sort, the list, and
// the editor (beside the list on wide screens, instead of it on phones); settings and activity take the
// list's place. Keyboard: n, /, arrows, Enter.
import type { User } from '@todo/contracts';
import { Suspense, useEffect, useId, useMemo, useRef, useState } from 'react';
import { TodoEditor } from '../features/editor/TodoEditor.tsx';
import { FilterPanel, SortSelect, activeFilters } from '../features/filters/FilterPanel.tsx';
import { SaveFilter, SavedFilterLinks } from '../features/filters/SavedFilters.tsx';
import { SearchBar } from '../features/search/SearchBar.tsx';
import { SyncStatus } from '../features/sync/SyncStatus.tsx';
import { QuickAdd } from '../features/todos/QuickAdd.tsx';
import { TodoList } from '../features/todos/TodoList.tsx';
import { DEFAULT_QUERY, searchWords, type TodoQuery } from '../features/todos/query.ts';
import { useTodoQuery } from '../features/todos/use-todo-query.ts';
import { loadRecurrence } from '../sync/next-occurrence.ts';
import { cx } from '../ui/classes.ts';
import { FilterIcon } from '../ui/icons.tsx';
import { AccountMenu } from './AccountMenu.tsx';
import { SharingButton } from '../features/sharing/SharingButton.tsx';
import { Banners, Toasts } from './Banners.tsx';
import { useListClock, useLists, useTags, useTodos } from '../features/hooks.ts';
import { ActivityScreen, SettingsScreen } from '../features/lazy-screens.ts';
import { homePath, navigate, parseRoute, shownListId, usePath } from '../lib/router.ts';
import { services } from '../sync/services.ts';
import { quickSchedule } from '../features/views/quick-schedule.ts';
import { updateTodo } from '../features/todos/actions.ts';
import { reorderTodos } from '../features/order/actions.ts';
import { toast } from '../lib/toasts.ts';
import { deleteWithUndo } from '../features/todos/delete-undo.ts';
import { TodayView, UpcomingView } from '../features/views/DayViews.tsx';
import { useView, ViewTabs } from '../features/views/ViewTabs.tsx';
import { RowSwipe } from '../features/todos/RowSwipe.tsx';
import { FirstRunGuide } from '../features/guide/FirstRunGuide.tsx';
import { useInAppReminders } from '../features/notifications/in-app-reminders.ts';
import { Sidebar } from '../features/lists/Sidebar.tsx';
import { ArchivedNotice, ListHeader } from '../features/lists/ListHeader.tsx';
import { ListDialogHost } from '../features/lists/ListDialog.tsx';

// Per person: someone else signing in on this device starts from the defaults.
const queryKey = (userId: string) => `todo:query:${userId}`;

function savedQuery(userId: string): TodoQuery {
  try {
    const q = JSON.parse(localStorage.getItem(queryKey(userId)) ?? 'null') as Partial<TodoQuery> | null;
    return { ...DEFAULT_QUERY, ...q };
  } catch {
    return DEFAULT_QUERY;
  }
}

/** Deletes a focused row's todo (with Undo); the focus moves to the next row, or the one before. */
function deleteSelected(link: HTMLElement, todo: { id: string; title: string }): void {
  const links = [...document.querySelectorAll<HTMLElement>('.todo-list [data-row-link]')];
  const at = links.indexOf(link);
  const next = links[at + 1] ?? links[at - 1];
  deleteWithUndo(todo);
  next?.focus();
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function Shell({ user }: { user: User }) {
  const path = usePath();
  const route = parseRoute(path);
  const snapshot = useTodos();
  const tags = useTags();
  const now = useListClock(snapshot);
  const [query, setQuery] = useState(() => savedQuery(user.id));
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filterId = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  const quickRef = useRef<HTMLInputElement>(null);
  const timeZone = user.timeZone;
  useInAppReminders(snapshot, timeZone);

  const set = (patch: Partial<TodoQuery>) =>
    setQuery((q) => {
      const next = { ...q, ...patch };
      // Sort and filters are remembered on this device (issue 15); a search is not.
      localStorage.setItem(queryKey(user.id), JSON.stringify({ ...next, text: '' }));
      return next;
    });

  const listId = shownListId(path);
  const lists = useLists();
  const list = listId ? (lists.find((l) => l.id === listId) ?? null) : null;
  // Rows name their list where lists mix: in the views and searches, once there is more than the Inbox.
  const listMap = useMemo(
    () => (listId || lists.every((l) => l.inbox) ? undefined : new Map(lists.map((l) => [l.id, l]))),
    [lists, listId],
  );
  // An archived list's todos leave the views that mix lists (All, Today, Upcoming, search), as GET
  // /api/todos without `list` leaves them out; its own page still shows them.
  const archivedIds = lists
    .filter((l) => l.archived)
    .map((l) => l.id)
    .join(' ');
  const hiddenLists = useMemo(() => new Set(archivedIds ? archivedIds.split(' ') : []), [archivedIds]);
  // Manual order is a list's own (positions mean nothing across lists): views that mix lists show the
  // newest first instead, and the list's page keeps the choice.
  const listQuery = useMemo(
    () => ({
      ...query,
      listId,
      hiddenLists,
      sort: !listId && query.sort === 'position' ? 'createdAt' : query.sort,
    }),
    [query, listId, hiddenLists],
  );
  const items = useTodoQuery(services().mirror, snapshot, listQuery, now, timeZone, tags);
  const { todos } = snapshot;
  const tagMap = useMemo(() => new Map(tags.map((t) => [t.id, t])), [tags]);
  const words = useMemo(() => searchWords(query.text), [query.text]);

  const editing = route.name === 'todo' || route.name === 'new';
  const selectedId = route.name === 'todo' ? route.id : null;
  const [view, setView] = useView();
  // A search shows its results in the full list, and a list shows its todos with filters and sort.
  const shownView = query.text || listId ? 'all' : view;
  // What Today and Upcoming are drawn from.
  const dayView = { snapshot, tags: tagMap, now, timeZone, selectedId, lists: listMap, hiddenLists };
  const sidebar = {
    view: shownView,
    listId,
    onView: setView,
    // A saved filter opens the full list with its search, filters and sort.
    children: (onGo: () => void) => (
      <SavedFilterLinks
        userId={user.id}
        onApply={(q) => {
          setView('all');
          set(q);
          navigate('/');
          onGo();
        }}
      />
    ),
  };
  const page = route.name === 'settings' || route.name === 'activity';

  // Completing a recurring todo needs the recurrence rules: load them before the first tap.
  const recurrenceLoaded = useRef(false);
  useEffect(() => {
    if (recurrenceLoaded.current) return;
    for (const t of snapshot.todos.values()) {
      if (!t.recurrence) continue;
      recurrenceLoaded.current = true;
      void loadRecurrence();
      return;
    }
  }, [snapshot]);
  const openTodo = route.name === 'todo' ? (todos.get(route.id) ?? null) : null;

  // A list that is gone (deleted here or elsewhere, or this person left it or was removed) shows the
  // views instead of an empty page. Asked of the database, where a new list is before its page opens.
  const listShown = list !== null;
  useEffect(() => {
    if (!listId || listShown || route.name !== 'list' || lists.length === 0) return;
    let live = true;
    void services()
      .db.lists.get(listId)
      .then((stored) => {
        if (live && (!stored || stored.deleted)) navigate('/', { replace: true });
      });
    return () => {
      live = false;
    };
  }, [listId, listShown, route.name, lists.length]);

  useEffect(() => {
    /** Keys on a focused row: t, m, w schedule it, 1–4 set its priority, e opens it, Delete deletes it. */
    function onRow(e: KeyboardEvent): boolean {
      const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-row-link]');
      const todo = link ? services().mirror.get(link.pathname.split('/').pop()!) : undefined;
      if (!todo) return false;
      if (e.key === 'e') {
        e.preventDefault();
        navigate(`/todos/${todo.id}`);
        return true;
      }
      if (e.key === 'Delete') {
        e.preventDefault();
        deleteSelected(link!, todo);
        return true;
      }
      const change = quickSchedule(e.key, todo, Date.now(), timeZone);
      if (!change) return false;
      e.preventDefault();
      void updateTodo(todo.id, change.fields).then(() => toast(`${change.said}: “${todo.title}”`));
      return true;
    }
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'n') {
        e.preventDefault();
        if (editing || page) navigate(homePath());
        requestAnimationFrame(() => quickRef.current?.focus());
      } else if (onRow(e)) {
        return;
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (
        (e.key === 'ArrowDown' || e.key === 'ArrowUp') &&
        !(e.target as HTMLElement).closest('.todo-list')
      ) {
        const links = document.querySelectorAll<HTMLElement>('.todo-list [data-row-link]');
        const link = e.key === 'ArrowDown' ? links[0] : links[links.length - 1];
        if (link) {
          e.preventDefault();
          link.focus();
        }
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [editing, page, timeZone]);

  // Back from the editor: focus returns to the todo that was open.
  const lastOpen = useRef<string | null>(null);
  useEffect(() => {
    if (route.name === 'todo') lastOpen.current = route.id;
    else if (route.name === 'list' && lastOpen.current) {
      const id = lastOpen.current;
      lastOpen.current = null;
      const row = document.querySelector<HTMLElement>(`.todo-list a[href="/todos/${id}"]`);
      row?.focus({ preventScroll: true });
      // The page scrolled with the editor beside the list: back to the top when the row shows there too,
      // so quick add is in sight again; a row further down is brought just into view.
      if (!row || row.getBoundingClientRect().bottom + window.scrollY <= window.innerHeight)
        window.scrollTo(0, 0);
      else row.scrollIntoView({ block: 'nearest' });
    }
  }, [route]);

  const filters = activeFilters(query);
  const emptyText = query.text
    ? `Nothing matches “${query.text.trim()}”.`
    : filters
      ? 'No todos match these filters.'
      : snapshot.loaded
        ? 'Nothing to do. Add your first todo above.'
        : 'Loading…';

  return (
    <div className={cx('app', 'has-sidebar', editing && 'has-editor')}>
      <a className="skip-link" href="#main">
        {page ? 'Skip to the content' : 'Skip to the list'}
      </a>
      <header className="app-header">
        <a className="brand" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          <span className="brand-mark" aria-hidden="true">
            ✓
          </span>
          <span className="brand-name">Todos</span>
        </a>
        <SearchBar
          value={query.text}
          onChange={(text) => {
            set({ text });
            if (page) navigate('/'); // results show in the list
          }}
          inputRef={searchRef}
          count={query.text ? items.length : null}
        />
        <SyncStatus />
        <SharingButton />
        <AccountMenu user={user} />
      </header>
      <Banners />
      <Sidebar {...sidebar} />
      <main className={cx('content', page && 'page-content')} id="main" tabIndex={-1}>
        {page ? (
          <Suspense fallback={<p className="splash">Loading…</p>}>
            {route.name === 'settings' ? <SettingsScreen user={user} /> : <ActivityScreen user={user} />}
          </Suspense>
        ) : (
          <>
            <h1 className="sr-only">Your todos</h1>
            <section className="list-pane" aria-labelledby="list-heading">
              <h2 id="list-heading" className="sr-only">
                List
              </h2>
              <ListHeader list={list} {...sidebar} />
              {list?.archived ? (
                <ArchivedNotice list={list} />
              ) : (
                <QuickAdd tags={tags} timeZone={timeZone} now={now} inputRef={quickRef} listId={listId} />
              )}
              <FirstRunGuide empty={snapshot.loaded && todos.size === 0} />
              {!listId && <ViewTabs view={shownView} onChange={setView} />}
              {shownView === 'today' && <TodayView {...dayView} />}
              {shownView === 'upcoming' && <UpcomingView {...dayView} />}
              {shownView === 'all' && (
                <>
                  <div className="toolbar">
                    <button
                      type="button"
                      className={cx('button', filters > 0 && 'is-active')}
                      aria-expanded={filtersOpen}
                      aria-controls={filterId}
                      onClick={() => setFiltersOpen((o) => !o)}
                    >
                      <FilterIcon className="icon icon-sm" />
                      Filters{filters > 0 ? ` (${filters})` : ''}
                    </button>
                    <SortSelect value={listQuery.sort} onChange={(sort) => set({ sort })} manual={!!listId} />
                    <p className="count" aria-live="polite">
                      {items.length} {items.length === 1 ? 'todo' : 'todos'}
                    </p>
                  </div>
                  {filtersOpen && <FilterPanel id={filterId} query={query} set={set} tags={tags} />}
                  {/* A list's page keeps its list out of the query: saving is for the full list. */}
                  {!listId && <SaveFilter userId={user.id} query={query} />}
                  <TodoList
                    resetKey={JSON.stringify(listQuery)}
                    items={items}
                    tags={tagMap}
                    words={words}
                    now={now}
                    timeZone={timeZone}
                    selectedId={selectedId}
                    lists={listMap}
                    empty={emptyText}
                    onReorder={listQuery.sort === 'position' ? reorderTodos : undefined}
                  />
                </>
              )}
            </section>
            {editing && snapshot.loaded && (
              <div className="editor-pane">
                <TodoEditor
                  key={route.name === 'todo' ? route.id : 'new'}
                  todo={openTodo}
                  gone={route.name === 'todo' && !openTodo}
                  tags={tags}
                  timeZone={timeZone}
                />
              </div>
            )}
          </>
        )}
      </main>
      <ListDialogHost />
      <Toasts />
      <RowSwipe timeZone={timeZone} />
    </div>
  );
}
