// Sharing one list: its members and their roles; the owner invites by email and removes members, an
// editor may leave. Invitations and members change on the server only, so offline the dialog shows the
// members this device knows and says the rest needs a connection. Members' changes arrive by sync.
import type { List, ListMember } from '@todo/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useOnline, useUser } from '../hooks.ts';
import { sharingApi } from '../../api/transport.ts';
import { toast } from '../../lib/toasts.ts';
import { syncEngine } from '../../sync/services.ts';
import { ShareIcon } from '../../ui/icons.tsx';
import { Modal } from './Modal.tsx';
import { initials } from './members.ts';
import { sharingError } from './invitations.ts';
import './sharing.css';

const ROLE_LABEL = { owner: 'Owner', editor: 'Editor' } as const;

/** The list's Share button, for the list's header; the Inbox is not shared, so it has none. */
export function ShareButton({ list }: { list: List }) {
  const [open, setOpen] = useState(false);
  const user = useUser();
  if (list.inbox || !user) return null;
  const others = list.members.length - 1;
  return (
    <>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <ShareIcon className="icon icon-sm" />
        {others > 0 ? `Shared with ${others}` : 'Share'}
      </button>
      {open && <ShareDialog list={list} userId={user.id} onClose={() => setOpen(false)} />}
    </>
  );
}

export function ShareDialog({ list, userId, onClose }: { list: List; userId: string; onClose: () => void }) {
  const online = useOnline();
  const owner = list.role === 'owner';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove(member: ListMember) {
    const self = member.userId === userId;
    const question = self
      ? `Leave “${list.name}”? It goes from your devices; the owner can invite you again.`
      : `Remove ${member.name || member.email} from “${list.name}”? It goes from their devices.`;
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(null);
    try {
      await sharingApi.removeMember(list.id, member.userId);
      void syncEngine()?.syncNow();
      if (self) {
        toast(`You left “${list.name}”`);
        onClose();
      } else {
        toast(`Removed ${member.name || member.email} from “${list.name}”`);
      }
    } catch (err) {
      setError(sharingError(err));
    } finally {
      setBusy(false);
    }
  }

  const members = [...list.members].sort(
    (a, b) => Number(b.role === 'owner') - Number(a.role === 'owner') || a.email.localeCompare(b.email),
  );
  return (
    <Modal title={`Share “${list.name}”`} onClose={onClose}>
      {!online && (
        <p className="banner banner-warning" role="status">
          You are offline. Inviting, removing and leaving need a connection; the todos of the list still work
          offline.
        </p>
      )}
      <h3 className="modal-subhead">Members</h3>
      <ul className="member-list" aria-label={`Members of “${list.name}”`}>
        {members.map((m) => (
          <li key={m.userId} className="member">
            <span className="avatar" aria-hidden="true">
              {initials(m)}
            </span>
            <span className="member-who">
              <span className="member-name">
                {m.name || m.email}
                {m.userId === userId && ' (you)'}
              </span>
              {m.name && <span className="hint">{m.email}</span>}
            </span>
            <span className="member-role">{ROLE_LABEL[m.role]}</span>
            {m.role !== 'owner' && (owner || m.userId === userId) && (
              <button
                type="button"
                className="button small"
                disabled={busy || !online}
                onClick={() => void remove(m)}
              >
                {m.userId === userId ? (
                  'Leave'
                ) : (
                  <>
                    Remove<span className="sr-only"> {m.name || m.email}</span>
                  </>
                )}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {owner ? (
        <InviteForm list={list} online={online} />
      ) : (
        <p className="hint">
          Only the owner of this list can invite people or remove them. You can add, change and complete its
          todos, and leave it.
        </p>
      )}
    </Modal>
  );
}

function InviteForm({ list, online }: { list: List; online: boolean }) {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<string[]>([]);
  const roleId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const address = email.trim();
    if (!address) return setError('Give the email address of the person to invite.');
    setBusy(true);
    setError(null);
    try {
      await sharingApi.invite(list.id, { email: address, role: 'editor' });
      setInvited((xs) => [...xs.filter((x) => x !== address), address]);
      setEmail('');
    } catch (err) {
      setError(sharingError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="invite-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3 className="modal-subhead">Invite someone</h3>
      <div className="field-row">
        <label className="stacked">
          Email
          <input
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            disabled={!online}
            aria-invalid={error ? true : undefined}
            aria-describedby={roleId}
          />
        </label>
        <button type="submit" className="button primary" disabled={busy || !online}>
          Invite
        </button>
      </div>
      <p className="hint" id={roleId}>
        They join as an editor: they add, change and complete todos here; only you rename, share or delete the
        list. They find the invitation in their app once signed in with that address.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {invited.length > 0 && (
        <p className="invite-sent" role="status">
          Invited {invited.join(', ')}. They appear among the members once they accept.
        </p>
      )}
    </form>
  );
}
