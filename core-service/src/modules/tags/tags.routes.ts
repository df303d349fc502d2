import type { CoreHandlers } from '../../http/handlers.ts';
import type { TagsService } from './tags.service.ts';

export function tagHandlers(tags: TagsService) {
  return {
    listTags: async ({ userId }) => ({ items: await tags.list(userId) }),
    createTag: ({ userId, body }) => tags.create(userId, body),
    updateTag: ({ userId, params, body }) => tags.update(userId, params.id, body),
    deleteTag: ({ userId, params }) => tags.delete(userId, params.id),
  } satisfies Partial<CoreHandlers>;
}
