/** Asking before something destructive, and the Delete button that does so. */
import { useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { Dialog } from './dialog';
import { ErrorText } from './error-text';
import { useAction } from './use-action';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<void>;
  onClose(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const { busy, error, run } = useAction();
  return (
    <Dialog title={title} onClose={onClose} alert>
      <div className="dialog-body">{children}</div>
      <ErrorText error={error} />
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => void run(onConfirm)}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" data-autofocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

export interface DeleteButtonProps {
  /** API path of the object, e.g. /projects/3 */
  path: string;
  /** What is deleted, for the question ("project web") */
  what: string;
  onDeleted(): void;
  label?: string;
  /** Accessible name when several Delete buttons share a screen (rows), e.g. "Delete host web1". */
  ariaLabel?: string;
}

/** "Delete": asks for confirmation in a dialog, then DELETEs the object. */
export function DeleteButton({ path, what, onDeleted, label = 'Delete', ariaLabel }: DeleteButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="danger" aria-label={ariaLabel} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? (
        <ConfirmDialog
          title={`Delete ${what}?`}
          confirmLabel="Delete"
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            await api.delete(path);
            setOpen(false);
            onDeleted();
          }}
        >
          <p>This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
