import { Model } from 'objection';

export class TagModel extends Model {
  static override tableName = 'tags';

  id!: string;
  userId!: string;
  name!: string;
  color!: string;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}
