// Settings' "Import & export": download everything as JSON, import such a file or a Todoist CSV export
// (its tasks go into a list named after the file) with a summary of what came in, and the secret
// calendar feed URL with copy and revoke. All of it needs the server, so it is off while offline.
import type { ImportResult } from '@todo/contracts';
import { useId, useState } from 'react';
import { HttpError, OfflineError, portabilityApi } from '../../api/transport.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function summary(result: ImportResult): string {
  if (result.lists + result.todos + result.tags === 0)
    return 'Nothing new: everything in this file is already here.';
  return `Imported ${plural(result.todos, 'todo', 'todos')}, ${plural(result.lists, 'list', 'lists')} and ${plural(result.tags, 'tag', 'tags')}.`;
}

function problem(err: unknown): string {
  if (err instanceof OfflineError) return 'No connection to the server; try again when you are online.';
  if (err instanceof HttpError) {
    const first = err.errors[0];
    return first ? `${err.message} (${first.path}: ${first.message})` : err.message;
  }
  if (err instanceof SyntaxError) return 'This file is neither an export of this app nor a CSV file.';
  return 'Something went wrong; try again.';
}

/** The file's name without its extension: the list a Todoist project file goes into. */
const listName = (file: File) =>
  file.name
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 100) || 'Imported from Todoist';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function PortabilitySection({ online }: { online: boolean }) {
  const id = useId();
  const [busy, setBusy] = useState<null | 'export' | 'import' | 'feed'>(null);
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [feedUrl, setFeedUrl] = useState<string | null>(null);

  async function run(kind: 'export' | 'import' | 'feed', work: () => Promise<string>) {
    setBusy(kind);
    setError('');
    setStatus('');
    try {
      setStatus(await work());
    } catch (err) {
      setError(problem(err));
    } finally {
      setBusy(null);
    }
  }

  const exportAll = () =>
    run('export', async () => {
      const doc = await portabilityApi.exportData();
      download(`todos-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(doc, null, 2));
      return `Exported ${plural(doc.todos.length, 'todo', 'todos')} and ${plural(doc.lists.length, 'list', 'lists')}.`;
    });

  const importFile = () =>
    run('import', async () => {
      if (!file) return '';
      const text = await file.text();
      const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
      // JSON.parse throws a SyntaxError for a file that is neither: problem() says so.
      const result = csv
        ? await portabilityApi.importCsv(text, listName(file))
        : await portabilityApi.importJson(JSON.parse(text));
      return summary(result);
    }).then(() => undefined);

  const showFeed = () =>
    run('feed', async () => {
      setFeedUrl((await portabilityApi.calendarFeed()).url);
      return '';
    });

  const copyFeed = () =>
    run('feed', async () => {
      if (!feedUrl) return '';
      await navigator.clipboard.writeText(feedUrl);
      return 'Feed URL copied.';
    });

  const revokeFeed = () =>
    run('feed', async () => {
      await portabilityApi.revokeCalendarFeed();
      setFeedUrl(null);
      return 'The feed URL no longer works. Show a new one to subscribe again.';
    });

  const off = !online || busy !== null;
  return (
    <fieldset className="settings-group portability" disabled={!online} aria-describedby={`${id}-status`}>
      <legend>Import &amp; export</legend>
      <div className="setting">
        <div className="setting-text">
          <p className="setting-label">Export</p>
          <p className="hint">
            Everything you have here (lists, todos, subtasks, tags, reminders) as a JSON file.
          </p>
        </div>
        <button type="button" className="button" onClick={() => void exportAll()} disabled={off}>
          {busy === 'export' ? 'Exporting…' : 'Download export'}
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>Import a file</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-describedby={`${id}-file-hint`}
        />
        <p id={`${id}-file-hint`} className="hint">
          An export from this app, or a Todoist CSV export: its tasks go into a list named after the file.
          Importing the same file twice adds nothing twice.
        </p>
        <button type="button" className="button" onClick={() => void importFile()} disabled={off || !file}>
          {busy === 'import' ? 'Importing…' : 'Import'}
        </button>
      </div>
      <div className="field">
        <p className="setting-label">Calendar feed</p>
        <p id={`${id}-feed-hint`} className="hint">
          Subscribe to this address in Google Calendar, Apple Calendar or Outlook to see your dated todos
          there. Anyone who has it can see them: revoke it to make it stop working.
        </p>
        {feedUrl ? (
          <>
            <label htmlFor={`${id}-feed`} className="sr-only">
              Calendar feed URL
            </label>
            <input
              id={`${id}-feed`}
              readOnly
              value={feedUrl}
              onFocus={(e) => e.target.select()}
              aria-describedby={`${id}-feed-hint`}
            />
            <div className="form-actions">
              <button type="button" className="button" onClick={() => void copyFeed()} disabled={off}>
                Copy
              </button>
              <button
                type="button"
                className="button danger"
                onClick={() => void revokeFeed()}
                disabled={off}
              >
                Revoke
              </button>
            </div>
          </>
        ) : (
          <button type="button" className="button" onClick={() => void showFeed()} disabled={off}>
            {busy === 'feed' ? 'Getting the address…' : 'Show feed URL'}
          </button>
        )}
      </div>
      <p id={`${id}-status`} className="save-status" role="status">
        {status}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
