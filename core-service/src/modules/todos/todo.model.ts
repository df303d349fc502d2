import { Model, type RelationMappings } from 'objection';
import { ReminderModel } from '../reminders/reminder.model.ts';
import { TagModel } from '../tags/tag.model.ts';

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

  tags?: TagModel[];
  reminders?: ReminderModel[];

  static override get relationMappings(): RelationMappings {
    return {
      tags: {
        relation: Model.ManyToManyRelation,
        modelClass: TagModel,
        join: {
          from: 'todos.id',
          through: { from: 'todo_tags.todoId', to: 'todo_tags.tagId' },
          to: 'tags.id',
        },
      },
      reminders: {
        relation: Model.HasManyRelation,
        modelClass: ReminderModel,
        join: { from: 'todos.id', to: 'reminders.todoId' },
      },
    };
  }
}
