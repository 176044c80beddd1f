import type { ReactNode } from 'react'

/** What an input needs to be named by its label and described by its hint and its refusal. */
export interface FieldProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

/**
 * A labelled input with its hint and, after a refusal, the API's message about it right below, read out
 * with the input (aria-describedby), outside the label so the input's name stays the label.
 */
export function Field({ id, label, hint, error, children }:
  { id: string; label: string; hint?: string; error?: string; children: (props: FieldProps) => ReactNode }) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')
  return (
    <div className="iam-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
      {hint && <span id={`${id}-hint`} className="note">{hint}</span>}
      {error && <span id={`${id}-error`} className="field-error">{error}</span>}
    </div>
  )
}
