/**
 * A form's buttons: the submit button (its label while the request is under way, e.g. "Creating…", and
 * disabled meanwhile) and Cancel.
 */
export function FormActions({ submit, pendingLabel, pending, disabled = false, cancelLabel = 'Cancel', onCancel }: {
  submit: string
  pendingLabel: string
  pending: boolean
  disabled?: boolean
  cancelLabel?: string
  onCancel: () => void
}) {
  return (
    <div className="actions start">
      <button type="submit" className="primary" disabled={pending || disabled}>{pending ? pendingLabel : submit}</button>
      <button type="button" onClick={onCancel}>{cancelLabel}</button>
    </div>
  )
}
