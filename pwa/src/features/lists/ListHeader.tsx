// Above the todos: the phone's drawer button, and for a list its name and its actions: Share (its members,
// inviting, leaving) and its settings.
import type { List } from '@todo/contracts';
import { ShareButton } from '../sharing/ShareDialog.tsx';
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
