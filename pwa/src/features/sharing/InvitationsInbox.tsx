// Invitations addressed to the person, in the sharing dialog: who invites them to which list, to accept
// or decline. An accepted list arrives by sync, like any other change.
import type { ReceivedInvitation } from '@todo/contracts';
import { useEffect, useState } from 'react';
import { toast } from '../../lib/toasts.ts';
import {
  acceptInvitation,
  declineInvitation,
  refreshInvitations,
  sharingError,
  useInvitations,
} from './invitations.ts';

export function InvitationsPanel({ online }: { online: boolean }) {
  const { items, state } = useInvitations();
  // Opening asks again: an invitation may have come since the last look.
  useEffect(() => void refreshInvitations(), []);
  if (items.length === 0)
    return (
      <p className="hint">
        {state === 'loading'
          ? 'Loading…'
          : state === 'error'
            ? 'The server could not be asked for invitations; try again later.'
            : 'No invitations. When someone shares a list with you, it waits here.'}
      </p>
    );
  return (
    <ul className="invitation-list" aria-label="Invitations waiting">
      {items.map((invitation) => (
        <InvitationItem key={invitation.id} invitation={invitation} online={online} />
      ))}
    </ul>
  );
}

function InvitationItem({ invitation, online }: { invitation: ReceivedInvitation; online: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const from = invitation.from.name || invitation.from.email;
  const name = invitation.list.name;

  async function run(what: 'accept' | 'decline') {
    setBusy(true);
    setError(null);
    try {
      if (what === 'accept') {
        await acceptInvitation(invitation);
        toast(`You joined “${name}”. Its todos are on their way to this device.`);
      } else {
        await declineInvitation(invitation);
        toast(`Declined “${name}”`);
      }
    } catch (err) {
      setError(sharingError(err));
      setBusy(false);
    }
  }

  return (
    <li className="invitation">
      <p>
        <strong>{from}</strong> invites you to <strong>“{name}”</strong> as {invitation.role}
        {invitation.from.name && <span className="hint"> ({invitation.from.email})</span>}
      </p>
      <div className="invitation-actions">
        <button
          type="button"
          className="button primary"
          disabled={busy || !online}
          aria-label={`Accept “${name}”`}
          onClick={() => void run('accept')}
        >
          Accept
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || !online}
          aria-label={`Decline “${name}”`}
          onClick={() => void run('decline')}
        >
          Decline
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
