// Settings: reminders by push (this device) and email, the suggested reminder time, name and time zone.
// They live on the server, so changing them needs the connection; offline the last known values show,
// read-only. Loaded on demand (React.lazy) from the account menu.
import type { Settings, SettingsPatch, User } from '@todo/contracts';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useOnline } from '../hooks.ts';
import { PageHead } from '../../ui/PageHead.tsx';
import { HttpError, OfflineError } from '../../api/transport.ts';
import { askPermission, disablePush, enablePush, pushState, type PushState } from './push.ts';
import { loadSettings, saveSettings, useStoredSettings } from './settings.ts';
import { ChannelSummary } from './ChannelSummary.tsx';
import { PortabilitySection } from './PortabilitySection.tsx';
import { TagsSection } from '../tags/TagsSection.tsx';

interface Form {
  push: boolean;
  email: boolean;
  defaultReminderTime: string;
  name: string;
  timeZone: string;
}

type Device = PushState | 'checking';

function formOf(s: Settings, device: Device): Form {
  return {
    // On only when this device gets them: turning it on here subscribes this device.
    push: s.pushReminders && device === 'subscribed',
    email: s.emailReminders,
    defaultReminderTime: s.defaultReminderTime,
    name: s.name,
    timeZone: s.timeZone,
  };
}

const same = (a: Form, b: Form) => JSON.stringify(a) === JSON.stringify(b);
const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

function describeError(err: unknown): string {
  if (err instanceof OfflineError) return 'The server cannot be reached. Your settings were not changed.';
  if (err instanceof HttpError && err.errors.length)
    return err.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return (err as Error).message || 'Something went wrong. Please try again.';
}

function pushHint(device: Device, form: Form): string {
  switch (device) {
    case 'checking':
      return 'Checking this device…';
    case 'unsupported':
      return 'This browser cannot show push notifications. Install the app, or use another browser, to get them.';
    case 'blocked':
      return 'Notifications are blocked for this site. Allow them in the browser’s site settings, then turn this on.';
    default:
      if (form.push && device === 'subscribed') return 'Reminders arrive as notifications on this device.';
      if (form.push) return 'Save to get reminders as notifications on this device.';
      if (device === 'subscribed') return 'Save to stop push reminders on all your devices.';
      return 'Not set up on this device. Turn on to get reminders as notifications here.';
  }
}

export default function SettingsScreen({ user }: { user: User }) {
  const id = useId();
  const online = useOnline();
  const stored = useStoredSettings();
  const [device, setDevice] = useState<Device>('checking');
  const [form, setForm] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [pushError, setPushError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [pushBusy, setPushBusy] = useState(false);
  const [saves, setSaves] = useState(0);
  const zoneOptions = useMemo(() => zones(form?.timeZone ?? user.timeZone), [form?.timeZone, user.timeZone]);

  useEffect(() => {
    void pushState().then(setDevice);
  }, []);

  // Fresh values from the server whenever the connection is there.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!online) return;
    let live = true;
    loadSettings().then(
      () => live && setLoadError(null),
      (err: unknown) => {
        if (!live || !navigator.onLine) return;
        setLoadError(err instanceof OfflineError ? 'the server cannot be reached.' : describeError(err));
      },
    );
    return () => {
      live = false;
    };
  }, [online, attempt]);

  const initial = stored && device !== 'checking' ? formOf(stored, device) : null;
  // The form follows the server's values until the person changes something.
  const [shownInitial, setShownInitial] = useState<Form | null>(null);
  if (initial && (!shownInitial || !same(initial, shownInitial))) {
    setShownInitial(initial);
    if (!form || (shownInitial && same(form, shownInitial))) setForm(initial);
  }

  const dirty = !!form && !!initial && !same(form, initial);
  const set = (patch: Partial<Form>) => {
    setStatus('');
    setForm((f) => (f ? { ...f, ...patch } : f));
  };

  function togglePush(on: boolean) {
    setPushError(null);
    set({ push: on });
    if (!on) return;
    // Asked right in the tap: browsers ignore permission requests made later.
    void askPermission().then((permission) => {
      if (permission !== 'granted') {
        set({ push: false });
        setDevice(permission === 'denied' ? 'blocked' : 'off');
        setPushError(
          permission === 'denied'
            ? 'Notifications are blocked for this site, so push reminders cannot be turned on.'
            : 'Notifications were not allowed, so push reminders stay off.',
        );
      }
    });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form || !initial || !stored || !online || busy || pushBusy) return;
    const timeError = /^([01]\d|2[0-3]):[0-5]\d$/.test(form.defaultReminderTime) ? null : 'Pick a time';
    if (timeError) return setSaveError(`Default reminder time: ${timeError.toLowerCase()}.`);
    setBusy(true);
    setSaveError(null);
    setPushError(null);
    setStatus('Saving…');
    const patch: SettingsPatch = {};
    if (form.email !== stored.emailReminders) patch.emailReminders = form.email;
    if (form.defaultReminderTime !== stored.defaultReminderTime)
      patch.defaultReminderTime = form.defaultReminderTime;
    if (form.name.trim() !== stored.name) patch.name = form.name.trim();
    if (form.timeZone !== stored.timeZone) patch.timeZone = form.timeZone;
    const push = form.push !== initial.push ? form.push : null;
    try {
      if (Object.keys(patch).length) await saveSettings(patch);
      const pushing = `push ${push ? 'on' : 'off'} for this device…`;
      const others = Object.keys(patch).length > 0;
      setStatus(
        push === null ? 'Saved.' : others ? `Other changes saved; turning ${pushing}` : `Turning ${pushing}`,
      );
    } catch (err) {
      setStatus('');
      setSaveError(describeError(err));
      return;
    } finally {
      setBusy(false);
      setSaves((n) => n + 1);
    }
    // The browser's push service may take long to answer (or never): the rest is saved meanwhile.
    if (push !== null) await changePush(push, initial.push, stored.pushReminders);
  }

  async function changePush(on: boolean, before: boolean, storedOn: boolean) {
    setPushBusy(true);
    try {
      if (on) await enablePush();
      else await disablePush();
      if (on !== storedOn) await saveSettings({ pushReminders: on });
      setDevice(on ? 'subscribed' : 'off');
      setStatus('Saved.');
    } catch (err) {
      set({ push: before });
      const why = err instanceof OfflineError ? 'the server cannot be reached' : (err as Error).message;
      setPushError(`Push reminders could not be turned ${on ? 'on' : 'off'}: ${why}.`);
      setStatus('Other changes saved.');
    } finally {
      setPushBusy(false);
      setSaves((n) => n + 1);
    }
  }

  const headingId = `${id}-title`;
  return (
    <section className="page settings" aria-labelledby={headingId}>
      <PageHead id={headingId} title="Settings" />
      {!online && (
        <p className="notice" role="status">
          {stored
            ? 'You are offline. Settings are kept on the server, so they can be changed once you are back online.'
            : 'You are offline. Your settings show here once you are back online.'}
        </p>
      )}
      {loadError && online && (
        <div className="form-error activity-error" role="alert">
          <p className="error">
            {stored ? 'Showing your settings as last seen here: ' : 'Your settings could not be loaded: '}
            {loadError}
          </p>
          <button type="button" className="button" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </button>
        </div>
      )}
      {!form || !stored ? (
        online && !loadError && <p className="hint">Loading your settings…</p>
      ) : (
        <form className="settings-form" onSubmit={(e) => void save(e)} noValidate>
          <fieldset className="settings-group" disabled={!online || busy}>
            <legend>Reminders</legend>
            <ChannelSummary
              device={device}
              emailOn={stored.emailReminders}
              email={user.email}
              online={online}
              version={saves}
            />
            <div className="setting">
              <div className="setting-text">
                <label htmlFor={`${id}-push`}>Push notifications</label>
                <p id={`${id}-push-hint`} className="hint">
                  {pushHint(device, form)}
                </p>
              </div>
              <input
                id={`${id}-push`}
                type="checkbox"
                role="switch"
                className="switch-input"
                checked={form.push}
                disabled={device === 'unsupported' || device === 'checking' || pushBusy}
                onChange={(e) => togglePush(e.target.checked)}
                aria-describedby={`${id}-push-hint${pushError ? ` ${id}-push-error` : ''}`}
              />
            </div>
            {pushError && (
              <p id={`${id}-push-error`} className="error" role="alert">
                {pushError}
              </p>
            )}
            <div className="setting">
              <div className="setting-text">
                <label htmlFor={`${id}-email`}>Email reminders</label>
                <p id={`${id}-email-hint`} className="hint">
                  Sent to {user.email}.
                </p>
              </div>
              <input
                id={`${id}-email`}
                type="checkbox"
                role="switch"
                className="switch-input"
                checked={form.email}
                onChange={(e) => set({ email: e.target.checked })}
                aria-describedby={`${id}-email-hint`}
              />
            </div>
            <div className="setting">
              <div className="setting-text">
                <label htmlFor={`${id}-time`}>Default reminder time</label>
                <p id={`${id}-time-hint`} className="hint">
                  Suggested for new reminders at a date and time, in your time zone.
                </p>
              </div>
              <input
                id={`${id}-time`}
                type="time"
                className="setting-time"
                value={form.defaultReminderTime}
                required
                onChange={(e) => set({ defaultReminderTime: e.target.value })}
                aria-describedby={`${id}-time-hint`}
              />
            </div>
          </fieldset>
          <fieldset className="settings-group" disabled={!online || busy}>
            <legend>Profile</legend>
            <div className="field">
              <label htmlFor={`${id}-name`}>Name</label>
              <input
                id={`${id}-name`}
                value={form.name}
                maxLength={100}
                autoComplete="name"
                onChange={(e) => set({ name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-zone`}>Time zone</label>
              <select
                id={`${id}-zone`}
                value={form.timeZone}
                onChange={(e) => set({ timeZone: e.target.value })}
                aria-describedby={`${id}-zone-hint`}
              >
                {zoneOptions.map((z) => (
                  <option key={z} value={z}>
                    {z.replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
              <p id={`${id}-zone-hint`} className="hint">
                Today, this week and overdue follow this zone; new todos start in it.
              </p>
              {form.timeZone !== deviceZone() && (
                <button
                  type="button"
                  className="link-button setting-link"
                  onClick={() => set({ timeZone: deviceZone() })}
                >
                  Use this device’s zone ({deviceZone().replaceAll('_', ' ')})
                </button>
              )}
            </div>
          </fieldset>
          {saveError && (
            <p className="error form-error" role="alert">
              {saveError}
            </p>
          )}
          <div className="form-actions settings-actions">
            <p className="save-status" role="status">
              {!online ? 'Offline: saving is off' : dirty && !pushBusy ? 'Unsaved changes' : status}
            </p>
            <button type="submit" className="button primary" disabled={!online || busy || pushBusy || !dirty}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      )}
      <TagsSection />
      <PortabilitySection online={online} />
    </section>
  );
}
