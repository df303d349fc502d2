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
  /** When remindAt was last moved; null when it is still the time it was created with. */
  movedAt!: Date | null;
  createdAt!: Date;
}
