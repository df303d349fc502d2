// The first-run guide (issue 15): while the person has no todos, a short card under quick add shows its
// syntax with examples, how to install the app and what offline means. Dismissed once per device.
import { useState } from 'react';
import { CloseIcon } from '../../ui/icons.tsx';

const DISMISSED_KEY = 'todo:guide-dismissed';

const EXAMPLES: [typed: string, meaning: string][] = [
  ['Call the dentist tomorrow 5pm', 'due tomorrow at 17:00'],
  ['Water plants every mon and thu', 'repeats every Monday and Thursday'],
  ['Pay rent every month on the 1st', 'repeats monthly, on the 1st'],
  ['Renew passport !p1', 'urgent priority (!p1 … !p4, as in Todoist)'],
  ['Buy milk #Groceries @errand', 'in the list Groceries, tagged errand'],
];

export function FirstRunGuide({ empty }: { empty: boolean }) {
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED_KEY) === '1');
  if (!empty || dismissed) return null;
  const dismiss = () => {
    localStorage.setItem(DISMISSED_KEY, '1');
    setDismissed(true);
  };
  return (
    <section className="first-run" aria-labelledby="first-run-heading">
      <div className="first-run-head">
        <h2 id="first-run-heading">Getting started</h2>
        <button type="button" className="icon-button" aria-label="Close the guide" onClick={dismiss}>
          <CloseIcon className="icon icon-sm" />
        </button>
      </div>
      <h3>Type a todo the way you would say it</h3>
      <ul className="first-run-examples">
        {EXAMPLES.map(([typed, meaning]) => (
          <li key={typed}>
            <code>{typed}</code>
            <span>{meaning}</span>
          </li>
        ))}
      </ul>
      <p>The line under the box shows what was understood before you press Enter.</p>
      <h3>Install it</h3>
      <p>
        In Chrome or Edge, the install button in the address bar; on Android, “Add to Home screen” in the
        menu; on iPhone, Share → “Add to Home Screen” in Safari.
      </p>
      <h3>Offline</h3>
      <p>
        Everything works without a network: what you do is saved on this device first and sent when the
        connection is back. The status at the top says when all is synced.
      </p>
      <button type="button" className="button" onClick={dismiss}>
        Got it
      </button>
    </section>
  );
}
