import { useId, useState, type FormEvent } from 'react'
import { fieldErrors } from '../../components/fieldErrors'
import { ErrorMessage } from '../../shell/States'
import { renameLedger, useLedgerChange } from './queries'
import type { ListedLedger } from './types'

/** A ledger's new name, in place of its name in the list; Escape or Cancel leaves it as it was. */
export function RenameLedger({ ledger, onDone }: { ledger: ListedLedger; onDone: () => void }) {
  const id = useId()
  const [name, setName] = useState(ledger.name)
  const rename = useLedgerChange(renameLedger)
  const error = fieldErrors(rename.error).name

  function submit(event: FormEvent) {
    event.preventDefault()
    rename.mutate({ id: ledger.id, name }, { onSuccess: onDone })
  }

  return (
    <form className="rename" onSubmit={submit} onKeyDown={(event) => { if (event.key === 'Escape') onDone() }}>
      <label htmlFor={`${id}-name`} className="visually-hidden">New name of {ledger.code}</label>
      <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} required maxLength={200}
        autoFocus aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      <button type="submit" className="primary" disabled={rename.isPending}>Save</button>
      <button type="button" onClick={onDone}>Cancel</button>
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
      {rename.error && !error && <ErrorMessage error={rename.error} />}
    </form>
  )
}
