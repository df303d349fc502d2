export * from './primitives.ts';
export * from './problem.ts';
export * from './auth.ts';
export * from './todos.ts';
export * from './routes.ts';
export * from './internal.ts';
export * from './events.ts';
export * from './sync.ts';
