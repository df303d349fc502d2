// The heading row of a full screen (settings, activity): back to the list, and the screen's h1, which
// takes the focus when the screen opens so a screen reader announces where the person is.
import { useEffect, useRef } from 'react';
import { BackIcon } from './icons.tsx';
import { navigate } from '../lib/router.ts';

export function PageHead({ id, title }: { id: string; title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="page-head">
      <button
        type="button"
        className="icon-button"
        onClick={() => navigate('/')}
        aria-label="Back to the list"
      >
        <BackIcon />
      </button>
      <h1 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h1>
    </div>
  );
}
