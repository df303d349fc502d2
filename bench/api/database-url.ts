/** The database `url` names, and the URL of the same server's `postgres` database (same credentials). */
export function serverDatabase(url: string): { name: string; postgresUrl: string } {
  const postgres = new URL(url);
  const name = decodeURIComponent(postgres.pathname.slice(1));
  postgres.pathname = '/postgres';
  return { name, postgresUrl: postgres.toString() };
}
