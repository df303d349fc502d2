import { Model } from 'objection';

export class UserModel extends Model {
  static override tableName = 'users';

  id!: string;
  email!: string;
  passwordHash!: string;
  name!: string;
  timeZone!: string;
  changeVersion!: number;
  createdAt!: Date;
  updatedAt!: Date;
}
