import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { ErrorMessage } from '../shell/States'

interface Props {
  /** the button that asks, e.g. "Revoke" */
  label: string
  /** the question, e.g. "Revoke the key laas_live_ab…12?" */
  title: string
  /** what follows from it, in a sentence or two */
  children?: ReactNode
  /** the button that does it, default the label */
  confirmLabel?: string
  onConfirm: () => Promise<unknown>
  disabled?: boolean
  danger?: boolean
}

/**
 * A button for an action that cannot be undone: it opens a modal dialog that says what will happen, and
 * only its confirm button acts. Escape or Cancel closes it and returns the focus to the button; the
 * action's refusal (the problem's detail) is shown in the dialog.
 */
export function ConfirmButton({ label, title, children, confirmLabel, onConfirm, disabled, danger = true }: Props) {
  const [open, setOpen] = useState(false)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const opener = useRef<HTMLButtonElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const bodyId = useId()

  useEffect(() => {
    if (open) {
      cancel.current?.focus()
    }
  }, [open])

  function close() {
    setOpen(false)
    setError(null)
    opener.current?.focus()
  }

  async function confirm() {
    setPending(true)
    setError(null)
    try {
      await onConfirm()
      setOpen(false)
    } catch (refusal) {
      setError(refusal)
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <button ref={opener} type="button" className={danger ? 'danger' : undefined} disabled={disabled}
        onClick={() => setOpen(true)}>{label}</button>
      {open && (
        <div className="backdrop" onKeyDown={(event) => { if (event.key === 'Escape') close() }}>
          <div role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId} className="dialog">
            <h2 id={titleId}>{title}</h2>
            <div id={bodyId}>{children}</div>
            {error !== null && <ErrorMessage error={error} />}
            <div className="actions">
              <button ref={cancel} type="button" onClick={close} disabled={pending}>Cancel</button>
              <button type="button" className={danger ? 'danger' : 'primary'} onClick={confirm} disabled={pending}>
                {pending ? 'Working…' : confirmLabel ?? label}
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  )
}
