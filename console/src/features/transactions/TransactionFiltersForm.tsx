import { useState, type FormEvent } from 'react'
import { toDateTimeLocal } from '../../format/time'
import { toRfc3339 } from '../../format/time'
import { Field } from '../../components/Field'
import type { TransactionFilters } from './types'

interface Props {
  filters: TransactionFilters
  errors: Record<string, string>
  accountsListId: string
  onApply: (filters: TransactionFilters) => void
}

type TimeFilter = 'occurred_from' | 'occurred_to' | 'recorded_from' | 'recorded_to'
const TIMES: [TimeFilter, string][] = [
  ['occurred_from', 'Occurred from'], ['occurred_to', 'Occurred before'],
  ['recorded_from', 'Recorded from'], ['recorded_to', 'Recorded before'],
]

/** The read API's filters; applied together when the form is sent, and kept in the page's address. */
export function TransactionFiltersForm({ filters, errors, accountsListId, onApply }: Props) {
  const [status, setStatus] = useState(filters.status ?? '')
  const [account, setAccount] = useState(filters.account ?? '')
  const [externalId, setExternalId] = useState(filters.external_id ?? '')
  const [currency, setCurrency] = useState(filters.currency ?? '')
  const [times, setTimes] = useState<Record<TimeFilter, string>>(() => ({
    occurred_from: filters.occurred_from ? toDateTimeLocal(filters.occurred_from) : '',
    occurred_to: filters.occurred_to ? toDateTimeLocal(filters.occurred_to) : '',
    recorded_from: filters.recorded_from ? toDateTimeLocal(filters.recorded_from) : '',
    recorded_to: filters.recorded_to ? toDateTimeLocal(filters.recorded_to) : '',
  }))
  const [metadataKey, setMetadataKey] = useState(filters.metadata?.[0]?.[0] ?? '')
  const [metadataValue, setMetadataValue] = useState(filters.metadata?.[0]?.[1] ?? '')

  function apply(event: FormEvent) {
    event.preventDefault()
    const next: TransactionFilters = {
      status: status || undefined,
      account: account.trim() || undefined,
      external_id: externalId.trim() || undefined,
      currency: currency.trim() || undefined,
      metadata: metadataKey.trim() ? [[metadataKey.trim(), metadataValue]] : undefined,
    }
    for (const [name] of TIMES) {
      next[name] = toRfc3339(times[name])
    }
    onApply(next)
  }

  function clear() {
    setStatus('')
    setAccount('')
    setExternalId('')
    setCurrency('')
    setTimes({ occurred_from: '', occurred_to: '', recorded_from: '', recorded_to: '' })
    setMetadataKey('')
    setMetadataValue('')
    onApply({})
  }

  return (
    <form className="filters" onSubmit={apply} aria-label="Filter transactions">
      <Field label="Status" error={errors.status}>
        {(props) => <select {...props} value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">Any</option>
          <option value="posted">Posted (committed included)</option>
          <option value="pending">Pending</option>
          <option value="voided">Voided</option>
          <option value="reversed">Reversed</option>
        </select>}
      </Field>
      <Field label="Account" error={errors.account}>
        {(props) => <input {...props} value={account} list={accountsListId} autoComplete="off"
          onChange={(event) => setAccount(event.target.value)} />}
      </Field>
      <Field label="External id" error={errors.external_id}>
        {(props) => <input {...props} value={externalId} onChange={(event) => setExternalId(event.target.value)} />}
      </Field>
      <Field label="Currency" error={errors.currency}>
        {(props) => <input {...props} value={currency} maxLength={16}
          onChange={(event) => setCurrency(event.target.value.toUpperCase())} />}
      </Field>
      {TIMES.map(([name, label]) => (
        <Field key={name} label={label} error={errors[name]}>
          {(props) => <input {...props} type="datetime-local" step={1} value={times[name]}
            onChange={(event) => setTimes((current) => ({ ...current, [name]: event.target.value }))} />}
        </Field>
      ))}
      <Field label="Metadata key">
        {(props) => <input {...props} value={metadataKey} onChange={(event) => setMetadataKey(event.target.value)} />}
      </Field>
      <Field label="Metadata value" error={metadataKey.trim() ? errors[`metadata[${metadataKey.trim()}]`] : undefined}>
        {(props) => <input {...props} value={metadataValue} onChange={(event) => setMetadataValue(event.target.value)} />}
      </Field>
      <div className="filter-actions">
        <button type="submit" className="primary">Apply filters</button>
        <button type="button" onClick={clear}>Clear filters</button>
      </div>
    </form>
  )
}
