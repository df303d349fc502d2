// The heading row of a full screen (settings, activity): back to the list, and the screen's h1, which
// takes the focus when the screen opens so a screen reader announces where the person is.
import { useEffect, useRef } from 'react';
import { BackIcon } from './icons.tsx';
import { homePath, navigate } from '../lib/router.ts';

/** The arrow back to the list, at the start of a screen's heading row. */
export function BackToList() {
  return (
    <button
      type="button"
      className="icon-button"
      onClick={() => navigate(homePath())}
      aria-label="Back to the list"
    >
      <BackIcon />
    </button>
  );
}

export function PageHead({ id, title }: { id: string; title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="page-head">
      <BackToList />
      <h1 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h1>
    </div>
  );
}
