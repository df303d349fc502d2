// What can deliver the person's reminders, said plainly (issue 15, bug 3): push on this device, on how
// many of their devices, email on the server or not, and the open app itself. Asks the server
// (GET /api/notifications/channels) whenever it is shown online or a save changed something.
import type { NotificationChannels } from '@todo/contracts';
import { useEffect, useState } from 'react';
import { notificationsApi } from '../../api/transport.ts';
import type { PushState } from './push.ts';

interface Props {
  device: PushState | 'checking';
  emailOn: boolean;
  email: string;
  online: boolean;
  /** Changes after each save, to ask again. */
  version: number;
}

const devices = (n: number) => (n === 1 ? '1 of your devices' : `${n} of your devices`);

function thisDevice(device: Props['device']): string {
  switch (device) {
    case 'subscribed':
      return 'This device is subscribed to push notifications.';
    case 'blocked':
      return 'This device cannot get push notifications: they are blocked for this site.';
    case 'unsupported':
      return 'This browser cannot get push notifications.';
    case 'checking':
      return 'Checking whether this device gets push notifications…';
    default:
      return 'This device is not subscribed to push notifications.';
  }
}

export function ChannelSummary({ device, emailOn, email, online, version }: Props) {
  const [channels, setChannels] = useState<NotificationChannels | null>(null);
  useEffect(() => {
    if (!online) return;
    let live = true;
    notificationsApi.channels().then(
      (c) => live && setChannels(c),
      () => live && setChannels(null),
    );
    return () => {
      live = false;
    };
  }, [online, version, device]);

  return (
    <ul className="channel-list" aria-label="What delivers your reminders">
      <li>{thisDevice(device)}</li>
      {channels && (
        <li>
          {channels.push.devices === 0
            ? 'Push reaches none of your devices.'
            : `Push reaches ${devices(channels.push.devices)}.`}
        </li>
      )}
      {channels && (
        <li>
          {!channels.email.configured
            ? 'Email cannot be sent: this server has no mail server configured.'
            : emailOn
              ? `Email reminders go to ${email}.`
              : 'Email works on this server; email reminders are off.'}
        </li>
      )}
      <li>While the app is open, a due reminder shows here even if nothing else can deliver it.</li>
    </ul>
  );
}
