/** Placeholder until the real app lands: says what is coming and points at the API docs. */
export function App() {
  return (
    <main className="placeholder" aria-labelledby="app-title">
      <h1 id="app-title">Todos</h1>
      <p className="lead">Your offline-first todo list is coming soon.</p>
      <p>It will work without a connection, sync across your devices, and remind you when things are due.</p>
      <p>
        <a className="button-link" href="/api/docs">
          Read the API documentation
        </a>
      </p>
    </main>
  );
}
