// What the API bench needs of a server it measures: how to seed people with todos and tags, and the
// request of each row of the table for one of those people. Two targets: this product
// (todo-target.ts) and the FastAPI backend it is compared with (fastapi-target.ts).

export interface SeedShape {
  people: number;
  todos: number;
  tags: number;
}

export interface Person {
  id: string;
  todoIds: (string | number)[];
}

export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Endpoint {
  /** The row's name in issue 14's table (this product's path; a target without the route leaves it out). */
  name: string;
  kind: 'read' | 'write';
  /** false: a row of its own only, left out of the mixed workload (which keeps issue 14's rows). */
  mixed?: false;
  request(person: Person): BenchRequest;
}

export interface Target {
  name: string;
  seed(url: string, shape: SeedShape): Promise<Person[]>;
  endpoints: Endpoint[];
}

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

const WORDS = ['milk', 'bread', 'report', 'garden', 'invoice', 'dentist', 'tickets', 'gift', 'car', 'taxes'];

/** Titles over a small vocabulary; one in 50 mentions the plumber (the search row's `q=plumb`). */
export function seedTitle(i: number): string {
  if (i % 50 === 0) return `Call the plumber about the ${WORDS[i % WORDS.length]}`;
  return `${['Buy', 'Send', 'Book', 'Fix', 'Plan'][i % 5]} ${WORDS[(i * 3) % WORDS.length]} ${i}`;
}
