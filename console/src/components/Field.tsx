import { useId, type ReactNode } from 'react'

/** What a field's control needs to be named by its label and described by its hint and its problem. */
export interface FieldProps {
  id: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

/**
 * A labelled input with its hint and, after a refusal, the API's problem about it right below; both are the
 * input's description (aria-describedby), outside the label, so the input's name stays the label alone.
 */
export function Field({ label, error, hint, className = 'field', children }:
  { label: string; error?: string; hint?: string; className?: string; children: (props: FieldProps) => ReactNode }) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy = [hint && hintId, error && errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && <span id={hintId} className="note">{hint}</span>}
      {error && <span id={errorId} className="field-error">{error}</span>}
    </div>
  )
}
