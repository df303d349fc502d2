// Who is signed in decides the screen: the sign-in forms, or the app. Offline, the last signed-in
// person's app opens from IndexedDB; the server is asked in the background.
import { useEffect } from 'react';
import { AuthScreen } from '../features/auth/AuthScreen.tsx';
import { refreshUser } from '../features/auth/session.ts';
import { loadSettings } from '../features/settings/settings.ts';
import { useUser } from '../features/hooks.ts';
import { parseRoute, usePath } from '../lib/router.ts';
import { startSync } from '../sync/services.ts';
import { Shell } from './Shell.tsx';

export function App() {
  const user = useUser();
  const route = parseRoute(usePath());

  useEffect(() => {
    if (!user) return;
    startSync();
    void refreshUser();
  }, [user]);

  // On start (offline: once the connection returns) the settings are read again for this device, and a
  // device subscribed to push tells the server again (subscribing anew if the server's key changed).
  const userId = user?.id;
  useEffect(() => {
    if (!userId) return;
    const refresh = () => {
      void loadSettings().catch(() => undefined);
      void import('../features/settings/push.ts')
        .then((m) => m.refreshPushSubscription())
        .catch(() => undefined);
    };
    if (navigator.onLine) {
      refresh();
      return;
    }
    window.addEventListener('online', refresh, { once: true });
    return () => window.removeEventListener('online', refresh);
  }, [userId]);

  if (user === undefined) return <p className="splash">Loading…</p>;
  if (route.name === 'signin' || route.name === 'signup' || user === null) {
    return (
      <AuthScreen
        mode={route.name === 'signup' ? 'signup' : 'signin'}
        notice={user ? `Signed in on this device as ${user.email}; sign in again to sync.` : undefined}
      />
    );
  }
  return <Shell user={user} />;
}
