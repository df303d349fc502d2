import { Model } from 'objection';

export class UserModel extends Model {
  static override tableName = 'users';

  id!: string;
  email!: string;
  passwordHash!: string;
  name!: string;
  timeZone!: string;
  changeVersion!: number;
  pushReminders!: boolean;
  emailReminders!: boolean;
  defaultReminderTime!: string;
  createdAt!: Date;
  updatedAt!: Date;
}
