import type { User } from '@todo/contracts';
import { useRef, type MouseEvent } from 'react';
import { signOut } from '../features/auth/session.ts';
import { useSyncView } from '../features/hooks.ts';
import { HistoryIcon, SettingsIcon } from '../ui/icons.tsx';
import { navigate, onLinkClick } from '../lib/router.ts';

/** The signed-in person, their settings and activity, and signing out (which clears their data here). */
export function AccountMenu({ user }: { user: User }) {
  const details = useRef<HTMLDetailsElement>(null);
  const sync = useSyncView();

  async function leave() {
    if (sync.pending > 0 && !navigator.onLine) {
      const ok = window.confirm(
        `${sync.pending} change(s) have not reached the server yet and will be lost. Sign out anyway?`,
      );
      if (!ok) return;
    }
    details.current?.removeAttribute('open');
    await signOut();
    navigate('/signin', { replace: true });
  }

  function go(event: MouseEvent<HTMLAnchorElement>) {
    details.current?.removeAttribute('open');
    onLinkClick(event);
  }

  const initial = (user.name || user.email).charAt(0).toUpperCase();
  return (
    <details className="account" ref={details}>
      <summary aria-label={`Account: ${user.name || user.email}`}>
        <span className="avatar" aria-hidden="true">
          {initial}
        </span>
      </summary>
      <div className="account-panel">
        <p className="account-name">{user.name || user.email}</p>
        <p className="hint">{user.email}</p>
        <p className="hint">Time zone: {user.timeZone.replaceAll('_', ' ')}</p>
        <nav className="account-links" aria-label="Account">
          <a href="/settings" onClick={go}>
            <SettingsIcon className="icon icon-sm" />
            Settings
          </a>
          <a href="/activity" onClick={go}>
            <HistoryIcon className="icon icon-sm" />
            Activity
          </a>
        </nav>
        <p className="hint">
          Shortcuts: <kbd>n</kbd> new, <kbd>/</kbd> search, <kbd>↑</kbd> <kbd>↓</kbd> move, <kbd>Enter</kbd>{' '}
          open
        </p>
        <button type="button" className="button wide" onClick={() => void leave()}>
          Sign out
        </button>
      </div>
    </details>
  );
}
