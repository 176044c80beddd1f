import { useState, type FormEvent } from 'react'
import { Field } from '../../components/Field'
import { KINDS } from './request'
import type { Basis, ReportKind, ReportRequest } from './types'

interface Props {
  request: ReportRequest
  errors: Record<string, string>
  onShow: (request: ReportRequest) => void
}

/** Which report, as of when (or of which period), on which basis, for which currency. */
export function ReportForm({ request, errors, onShow }: Props) {
  const [draft, setDraft] = useState(request)
  const change = (next: Partial<ReportRequest>) => setDraft((current) => ({ ...current, ...next }))

  function show(event: FormEvent) {
    event.preventDefault()
    onShow(draft)
  }

  return (
    <form className="report-form" onSubmit={show} aria-label="Report">
      <fieldset className="report-kinds">
        <legend>Report</legend>
        {KINDS.map(({ kind, label }) => (
          <label key={kind}>
            <input type="radio" name="report" value={kind} checked={draft.kind === kind}
              onChange={() => onShow({ ...draft, kind: kind as ReportKind })} />
            {label}
          </label>
        ))}
      </fieldset>
      {draft.kind === 'income-statement' ? (
        <>
          <Field label="From" error={errors.from}>
            {(props) => <input {...props} type="date" value={draft.from} required
              onChange={(event) => change({ from: event.target.value })} />}
          </Field>
          <Field label="To (included)" error={errors.to}>
            {(props) => <input {...props} type="date" value={draft.to} required
              onChange={(event) => change({ to: event.target.value })} />}
          </Field>
        </>
      ) : (
        <Field label="As of the end of" error={errors.as_of}>
          {(props) => <input {...props} type="date" value={draft.asOf} title="empty: now"
            onChange={(event) => change({ asOf: event.target.value })} />}
        </Field>
      )}
      <label>Basis
        <select value={draft.basis} onChange={(event) => change({ basis: event.target.value as Basis })}>
          <option value="effective">Effective (when it occurred)</option>
          <option value="recorded">Recorded (when the ledger recorded it)</option>
        </select>
      </label>
      <Field label="Currency" error={errors.currency}>
        {(props) => <input {...props} value={draft.currency} maxLength={16} placeholder="all"
          onChange={(event) => change({ currency: event.target.value.toUpperCase() })} />}
      </Field>
      <label className="inline">
        <input type="checkbox" checked={draft.includeZero} onChange={(event) => change({ includeZero: event.target.checked })} />
        Show accounts at zero
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">Show report</button>
      </div>
    </form>
  )
}
