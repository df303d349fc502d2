import { Model } from 'objection';

export class ReminderModel extends Model {
  static override tableName = 'reminders';

  id!: string;
  todoId!: string;
  userId!: string;
  remindAt!: Date;
  offsetMinutes!: number | null;
  timeOfDay!: string | null;
  sentAt!: Date | null;
  snoozedAt!: Date | null;
  createdAt!: Date;
}
