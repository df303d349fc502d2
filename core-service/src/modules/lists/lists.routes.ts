import type { CoreHandlers } from '../../http/handlers.ts';
import type { ListsService } from './lists.service.ts';

export function listHandlers(lists: ListsService) {
  return {
    listLists: async ({ userId }) => ({ items: await lists.list(userId) }),
    createList: ({ userId, body }) => lists.create(userId, body),
    updateList: ({ userId, params, body }) => lists.update(userId, params.id, body),
    deleteList: ({ userId, params, query }) => lists.delete(userId, params.id, query.todos),
    inviteToList: ({ userId, params, body }) => lists.invite(userId, params.id, body),
    removeListMember: ({ userId, params }) => lists.removeMember(userId, params.id, params.userId),
    listInvitations: async ({ userId }) => ({ items: await lists.invitations(userId) }),
    acceptInvitation: ({ userId, params }) => lists.accept(userId, params.id),
    declineInvitation: ({ userId, params }) => lists.decline(userId, params.id),
  } satisfies Partial<CoreHandlers>;
}
