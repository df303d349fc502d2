// UUIDv7 (RFC 9562, the uuid package) for records and mutations made on this device: time-ordered,
// so ids sort in the order they were made, and random enough that devices never collide. And the ids
// the server derives (@todo/todo-rules: no Temporal, so the first load stays small).
export { defaultReminderId } from '@todo/todo-rules';
export { v7 as uuidv7 } from 'uuid';
