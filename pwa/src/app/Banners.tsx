// What needs the person's attention above the list: a reminder due now, an ended session, a new
// version, refused changes, and the toasts with their undo buttons.
import { useEffect, useState } from 'react';
import { useNotices, useSyncView } from '../features/hooks.ts';
import { navigate } from '../lib/router.ts';
import { services } from '../sync/services.ts';
import { dismissNotice } from '../sync/notices.ts';
import { dismissToast, useToasts } from '../lib/toasts.ts';
import { useUpdateAvailable, applyUpdate } from './sw-register.ts';
import { CloseIcon } from '../ui/icons.tsx';
import { ReminderBanners } from '../features/notifications/ReminderBanners.tsx';

function useDatabaseReplaced(): boolean {
  const [replaced, setReplaced] = useState(false);
  useEffect(() => {
    const on = () => setReplaced(true);
    window.addEventListener('todo:db-version-change', on);
    return () => window.removeEventListener('todo:db-version-change', on);
  }, []);
  return replaced;
}

export function Banners() {
  const sync = useSyncView();
  const notices = useNotices();
  const update = useUpdateAvailable();
  const replaced = useDatabaseReplaced();
  return (
    <div className="banners">
      <ReminderBanners />
      {replaced && (
        <div className="banner banner-warning" role="alert">
          <p>A newer version of Todos opened in another tab. Reload to keep working here.</p>
          <button type="button" className="button" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      )}
      {sync.sessionExpired && (
        <div className="banner banner-warning" role="alert">
          <p>Your session has ended. Sign in again to sync; your changes are kept on this device.</p>
          <button type="button" className="button" onClick={() => navigate('/signin')}>
            Sign in
          </button>
        </div>
      )}
      {update && (
        <div className="banner" role="status">
          <p>A new version of Todos is available.</p>
          <button type="button" className="button primary" onClick={applyUpdate}>
            Reload to update
          </button>
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} className="banner banner-warning" role="alert">
          <p>{n.text}</p>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => void dismissNotice(services().db, n.id)}
          >
            <CloseIcon className="icon icon-sm" />
          </button>
        </div>
      ))}
    </div>
  );
}

export function Toasts() {
  const toasts = useToasts();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast">
          <span>{t.text}</span>
          {t.action && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                t.action!.run();
                dismissToast(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
