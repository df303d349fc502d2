import { Model } from 'objection';

export class TodoModel extends Model {
  static override tableName = 'todos';

  id!: string;
  userId!: string;
  title!: string;
  description!: string;
  status!: 'open' | 'done';
  priority!: 'low' | 'medium' | 'high' | 'urgent';
  dueAt!: Date | null;
  allDay!: boolean;
  timeZone!: string;
  completedAt!: Date | null;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  recurringType!: 'none' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'custom';
  rrule!: string | null;
  recurringEndDate!: string | null;
  recurrenceCount!: number | null;
  fromCompletion!: boolean;
  seriesId!: string | null;
  seriesStart!: Date | null;
  occurrenceIndex!: number;
  listId!: string;
  /** Manual order within the list: a fractional index key. */
  position!: string;
  assigneeId!: string | null;
}
