/** A form's buttons: submit (Save unless named otherwise; off while busy) and Cancel. */
export function FormActions({ busy, submitLabel = 'Save', onCancel }: { busy: boolean; submitLabel?: string; onCancel(): void }) {
  return (
    <div className="actions">
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
