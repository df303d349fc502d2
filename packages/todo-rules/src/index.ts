// The todo rules that core-service, the PWA (its service worker too) and the PWA's model server all run,
// so a change made offline looks on the device as it will on the server. Pure functions over ISO
// strings; day arithmetic by Intl, so none of it needs Temporal.
export * from './zoned-time.ts';
export * from './all-day.ts';
export * from './due.ts';
export * from './reminders.ts';
export * from './ids.ts';
