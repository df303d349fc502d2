// The internal call between the bff (or worker) and core-service.
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
export const USER_ID_HEADER = 'x-user-id';
export const REQUEST_ID_HEADER = 'x-request-id';
export const CORE_APP_ID = 'core-service';
export const WORKER_APP_ID = 'worker';
