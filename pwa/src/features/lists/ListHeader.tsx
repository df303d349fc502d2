// Above the todos: the phone's drawer button, and for a list its name and its actions: Share (its members,
// inviting, leaving) and its settings. An archived list's page says so in place of quick add.
import type { List } from '@todo/contracts';
import { toast } from '../../lib/toasts.ts';
import { ShareButton } from '../sharing/ShareDialog.tsx';
import { archiveList } from './actions.ts';
import { ListMark } from './ListBadge.tsx';
import { openListDialog } from './dialog-state.ts';
import { SidebarDrawer, type SidebarProps } from './Sidebar.tsx';

export function ListHeader({ list, ...sidebar }: SidebarProps & { list: List | null }) {
  return (
    <div className="list-header">
      <SidebarDrawer {...sidebar} />
      {list && (
        <>
          <h2 className="list-title">
            <ListMark list={list} /> {list.name}
          </h2>
          <div className="list-actions">
            <ShareButton list={list} />
            <button type="button" className="button" onClick={() => openListDialog(list.id)}>
              List settings
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/**
 * In place of quick add on an archived list's page: its todos are kept (and their reminders still fire)
 * but stay out of Today, Upcoming, All and search until it is unarchived, which its owner can do here.
 */
export function ArchivedNotice({ list }: { list: List }) {
  return (
    <div className="banner archived-notice" role="status">
      <p>
        This list is archived: its todos stay out of Today, Upcoming, All and search.
        {list.role === 'owner' ? '' : ' Only its owner can unarchive it.'}
      </p>
      {list.role === 'owner' && (
        <button
          type="button"
          className="button"
          onClick={() =>
            void archiveList(list.id, false).then(() => toast(`“${list.name}” is back in your lists`))
          }
        >
          Unarchive
        </button>
      )}
    </div>
  );
}
