// The worker reaches knex only through the platform's Database, so it needs no knex dependency of its own.
import type { Database } from '@todo/platform';

export type Knex = Database['knex'];
