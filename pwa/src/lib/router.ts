// A small history router: the path is the state (/, /lists/<id>, /todos/new, /todos/<id>, /settings,
// /activity, /signin, /signup), so a reload or a shared link lands on the same screen, and the service worker
// serves index.html for all.
import { useSyncExternalStore, type MouseEvent } from 'react';

const NAVIGATED = 'todo:navigated';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => {
    rememberHome(location.pathname); // a reload, back and forward
    return location.pathname;
  });
}

/** The list shown last (all todos, or one list): where closing the editor or a page goes back to. */
let home = '/';
export const homePath = (): string => home;
const rememberHome = (path: string) => {
  if (parseRoute(path).name === 'list') home = path;
};

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  rememberHome(path);
  if (path === location.pathname) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** For <a href> elements: same-tab clicks navigate without a reload; modified clicks keep the browser's way. */
export function onLinkClick(event: MouseEvent<HTMLAnchorElement>): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  event.preventDefault();
  navigate(new URL(event.currentTarget.href).pathname);
}

export type Route =
  /** All todos, or one list's (/lists/<id>). */
  | { name: 'list'; listId?: string }
  | { name: 'new' }
  | { name: 'todo'; id: string }
  | { name: 'settings' }
  | { name: 'activity' }
  | { name: 'signin' }
  | { name: 'signup' };

export function parseRoute(path: string): Route {
  if (path === '/signin') return { name: 'signin' };
  if (path === '/signup') return { name: 'signup' };
  if (path === '/todos/new') return { name: 'new' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/activity') return { name: 'activity' };
  const m = /^\/todos\/([0-9a-f-]{36})$/i.exec(path);
  if (m) return { name: 'todo', id: m[1]!.toLowerCase() };
  const list = /^\/lists\/([0-9a-f-]{36})$/i.exec(path);
  if (list) return { name: 'list', listId: list[1]!.toLowerCase() };
  return { name: 'list' };
}

/** The list chosen in the sidebar (/lists/<id>), kept while a todo opened from it is: null for a view. */
export function shownListId(path: string): string | null {
  const route = parseRoute(path);
  const shown = route.name === 'list' ? route : parseRoute(homePath());
  return (shown.name === 'list' && shown.listId) || null;
}
