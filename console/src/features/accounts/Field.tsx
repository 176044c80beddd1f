import { useId, type ReactNode } from 'react'

export interface ControlProps {
  id: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

/** A labelled form control with its hint and the API's problem about it, both tied to it for screen readers. */
export function Field({ label, error, hint, children }:
  { label: string; error?: string; hint?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy = [hint && hintId, error && errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && <span id={hintId} className="note">{hint}</span>}
      {error && <span id={errorId} className="field-error">{error}</span>}
    </div>
  )
}
