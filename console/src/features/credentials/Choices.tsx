import { useLedgers } from '../../shell/ledgers'
import { ErrorMessage, Loading } from '../../shell/States'
import type { ListedLedger } from '../ledgers/types'

interface ChoicesProps {
  legend: string
  options: { value: string; label: string; hint?: string }[]
  chosen: string[]
  onChange: (chosen: string[]) => void
  error?: string
  errorId?: string
  hint?: string
}

/** A group of checkboxes (scopes, ledgers), its problem shown under it. */
export function Choices({ legend, options, chosen, onChange, error, errorId, hint }: ChoicesProps) {
  const toggle = (value: string) =>
    onChange(chosen.includes(value) ? chosen.filter((one) => one !== value) : [...chosen, value])
  return (
    <fieldset className="choices" aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint && <p className="note">{hint}</p>}
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="checkbox" checked={chosen.includes(option.value)} onChange={() => toggle(option.value)} />
          <span>{option.label}{option.hint && <span className="note"> — {option.hint}</span>}</span>
        </label>
      ))}
      {error && <p className="field-error" id={errorId}>{error}</p>}
    </fieldset>
  )
}

/** The project's ledgers to choose from (archived ones too: they can still be read). */
export function LedgerChoices({ projectId, ...props }: Omit<ChoicesProps, 'options'> & { projectId: string }) {
  const ledgers = useLedgers()
  if (ledgers.isPending) {
    return <Loading what="ledgers" />
  }
  if (ledgers.isError) {
    return <ErrorMessage error={ledgers.error} />
  }
  const options = (ledgers.data.data as ListedLedger[])
    .filter((ledger) => ledger.project_id === projectId)
    .map((ledger) => ({ value: ledger.id, label: `${ledger.code} — ${ledger.name}`, hint: ledger.archived_at ? 'archived' : undefined }))
  if (options.length === 0) {
    return <p className="empty">This project has no ledger yet.</p>
  }
  return <Choices {...props} options={options} />
}

/** The codes of ledgers, for a list of ids (an id the session does not know is shown as it is). */
export function LedgerCodes({ ids }: { ids: string[] }) {
  const ledgers = useLedgers()
  if (ids.length === 0) {
    return <span className="note">every ledger of the project</span>
  }
  return (
    <>
      {ids.map((id) => {
        const ledger = ledgers.data?.data.find((one) => one.id === id)
        return <code key={id} className="tag">{ledger?.code ?? id}</code>
      })}
    </>
  )
}

export function ScopeTags({ scopes }: { scopes: string[] }) {
  return <>{scopes.map((scope) => <code key={scope} className="tag">{scope}</code>)}</>
}
