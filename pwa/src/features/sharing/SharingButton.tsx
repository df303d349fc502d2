// The header's sharing entry: a badge with how many invitations wait, and a dialog with those
// invitations and the person's lists, each opening its share dialog (members, invite, remove, leave).
import type { List } from '@todo/contracts';
import { useState } from 'react';
import { useLists, useOnline, useUser } from '../hooks.ts';
import { ShareIcon } from '../../ui/icons.tsx';
import { InvitationsPanel } from './InvitationsInbox.tsx';
import { Modal } from './Modal.tsx';
import { ShareDialog } from './ShareDialog.tsx';
import { useInvitations } from './invitations.ts';
import { displayName } from './members.ts';
import './sharing.css';

export function SharingButton() {
  const { items } = useInvitations();
  const [open, setOpen] = useState(false);
  const count = items.length;
  return (
    <>
      <button
        type="button"
        className="icon-button sharing-button"
        aria-label={
          count > 0 ? `Sharing: ${count} ${count === 1 ? 'invitation' : 'invitations'} waiting` : 'Sharing'
        }
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <ShareIcon />
        {count > 0 && (
          <span className="badge" aria-hidden="true">
            {count}
          </span>
        )}
      </button>
      {open && <SharingDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function SharingDialog({ onClose }: { onClose: () => void }) {
  const online = useOnline();
  const user = useUser();
  const lists = useLists().filter((l) => !l.inbox && !l.archived);
  const [sharing, setSharing] = useState<string | null>(null);
  const shown = lists.find((l) => l.id === sharing);
  return (
    <Modal title="Sharing" onClose={onClose}>
      {!online && (
        <p className="banner banner-warning" role="status">
          You are offline. Invitations and members need a connection; your lists still work offline.
        </p>
      )}
      <h3 className="modal-subhead">Invitations</h3>
      <InvitationsPanel online={online} />
      <h3 className="modal-subhead">Your lists</h3>
      {lists.length === 0 ? (
        <p className="hint">Make a list to share it; the Inbox is yours alone.</p>
      ) : (
        <ul className="member-list" aria-label="Your lists">
          {lists.map((list) => (
            <li key={list.id} className="member">
              <span className="member-who">
                <span className="member-name">{list.name}</span>
                <span className="hint">{sharedWith(list, user?.id)}</span>
              </span>
              <button type="button" className="button small" onClick={() => setSharing(list.id)}>
                {list.role === 'owner' ? 'Share' : 'Members'}
                <span className="sr-only"> “{list.name}”</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown && user && <ShareDialog list={shown} userId={user.id} onClose={() => setSharing(null)} />}
    </Modal>
  );
}

function sharedWith(list: List, userId: string | undefined): string {
  const others = list.members.filter((m) => m.userId !== userId).map(displayName);
  if (others.length === 0) return 'Only you';
  return `With ${others.join(', ')}`;
}
