// A modal dialog on the browser's own <dialog>: focus moves in and is kept there, Escape closes it, and
// focus returns to what opened it. The share dialog and the invitations inbox use it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from '../../ui/icons.tsx';

export function Modal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Taken out of the page, an open dialog leaves the top layer by itself: no close() on unmount (whose
  // close event would reach the parent after React's StrictMode remount).
  useEffect(() => {
    if (!ref.current!.open) ref.current!.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={titleId}
      // React passes a nested dialog's close event up to this one's handler: only its own closing counts.
      onClose={(e) => e.target === e.currentTarget && onClose()}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => ref.current?.close()}>
          <CloseIcon />
        </button>
      </div>
      {children}
    </dialog>
  );
}
