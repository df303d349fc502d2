// Lists (projects), their members and invitations, and the subtasks of a todo, as the public API
// shows them (shared/API.md, "Lists, subtasks, sharing, portability"). Every todo sits in one list;
// a person's Inbox always exists and can be neither deleted nor shared.
import { z } from 'zod';
import { Color, Id, trimmedText } from './primitives.ts';

/**
 * A fractional index key (the `fractional-indexing` package's base-62 keys): strings that sort
 * lexicographically, so a device can put an item between two others offline without renumbering.
 */
export const Position = z
  .string()
  .min(2)
  .max(128)
  .regex(/^[a-zA-Z][0-9a-zA-Z]*$/, { message: 'must be a fractional index key such as a0' });

export const LIST_ROLES = ['owner', 'editor'] as const;
export const ListRole = z.enum(LIST_ROLES, { message: `must be one of ${LIST_ROLES.join(', ')}` });
export type ListRole = z.infer<typeof ListRole>;

export const ListMember = z.object({ userId: Id, email: z.string(), name: z.string(), role: ListRole });
export type ListMember = z.infer<typeof ListMember>;

export const List = z.object({
  id: Id,
  name: z.string(),
  color: z.string(),
  icon: z.string().nullable(),
  /** Where this person keeps the list in their sidebar (each member orders their own). */
  position: z.string(),
  archived: z.boolean(),
  inbox: z.boolean(),
  /** The signed-in person's role in the list. */
  role: ListRole,
  members: z.array(ListMember),
});
export type List = z.infer<typeof List>;

const ListName = trimmedText(100);
/** An emoji or an icon's name. */
const Icon = trimmedText(32);

export const ListCreate = z.strictObject({
  id: Id.optional(),
  name: ListName,
  color: Color.optional(),
  icon: Icon.nullable().optional(),
  position: Position.optional(),
});
export type ListCreate = z.infer<typeof ListCreate>;

export const ListPatch = z
  .strictObject({
    name: ListName.optional(),
    color: Color.optional(),
    icon: Icon.nullable().optional(),
    position: Position.optional(),
    archived: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export type ListPatch = z.infer<typeof ListPatch>;

export const ListPage = z.object({ items: z.array(List) });

/** What happens to a deleted list's todos: they go to the Inbox, or are deleted with it. */
export const ListDeleteQuery = z.strictObject({
  todos: z.enum(['move', 'delete'], { message: 'must be move or delete' }),
});
export type ListDeleteQuery = z.infer<typeof ListDeleteQuery>;

export const Subtask = z.object({ id: Id, title: z.string(), done: z.boolean(), position: z.string() });
export type Subtask = z.infer<typeof Subtask>;

const SubtaskTitle = trimmedText(500);

export const SubtaskCreate = z.strictObject({
  id: Id.optional(),
  title: SubtaskTitle,
  done: z.boolean().optional(),
  position: Position.optional(),
});
export type SubtaskCreate = z.infer<typeof SubtaskCreate>;

export const SubtaskPatch = z
  .strictObject({
    title: SubtaskTitle.optional(),
    done: z.boolean().optional(),
    position: Position.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export type SubtaskPatch = z.infer<typeof SubtaskPatch>;

export const InvitationCreate = z.strictObject({
  email: z.email({ message: 'must be an email address' }).max(254),
  role: z.literal('editor', { message: 'must be editor (a list has one owner)' }).optional(),
});
export type InvitationCreate = z.infer<typeof InvitationCreate>;

export const Invitation = z.object({ id: Id, listId: Id, email: z.string(), role: ListRole });
export type Invitation = z.infer<typeof Invitation>;

export const ReceivedInvitation = z.object({
  id: Id,
  list: z.object({ id: Id, name: z.string() }),
  from: z.object({ name: z.string(), email: z.string() }),
  role: ListRole,
});
export type ReceivedInvitation = z.infer<typeof ReceivedInvitation>;
export const InvitationPage = z.object({ items: z.array(ReceivedInvitation) });
