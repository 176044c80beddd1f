import { useId, type ReactNode } from 'react'

export interface FieldProps {
  id: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

/** A labelled input with its problem under it, named as its description (the label stays the label alone). */
export function Field({ label, error, className = 'field', children }:
  { label: string; error?: string; className?: string; children: (props: FieldProps) => ReactNode }) {
  const id = useId()
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined })}
      {error && <span id={`${id}-error`} className="field-error">{error}</span>}
    </div>
  )
}
