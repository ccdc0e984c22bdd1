import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal question with two answers. Mounted only while asked: it opens as a modal on mount
 * (the page behind it inert), puts focus on Cancel, the answer that loses nothing, and on
 * unmount gives focus back to what had it, if that is still on the page. Escape cancels.
 */
export function ConfirmDialog({
  question,
  children,
  confirmLabel,
  onCancel,
  onConfirm,
}: {
  question: string;
  children: ReactNode;
  confirmLabel: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    const el = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (el !== null && !el.open) el.showModal();
    cancel.current?.focus();
    return () => {
      if (el?.open === true) el.close();
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-q`}
      aria-describedby={`${id}-d`}
      // Escape: the parent decides, so the dialog closes by unmounting like any other answer.
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-q`}>{question}</h2>
      <div id={`${id}-d`}>{children}</div>
      <div className="confirm-actions">
        <button ref={cancel} type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
