import type { TagCreate, TagPatch } from '@todo/contracts';
import type { Handlers } from '@todo/platform';
import type { TagsService } from './tags.service.ts';

export function tagHandlers(tags: TagsService): Handlers {
  return {
    listTags: async ({ userId }) => ({ items: await tags.list(userId) }),
    createTag: ({ userId, body }) => tags.create(userId, body as TagCreate),
    updateTag: ({ userId, params, body }) => tags.update(userId, params.id!, body as TagPatch),
    deleteTag: ({ userId, params }) => tags.delete(userId, params.id!),
  };
}
