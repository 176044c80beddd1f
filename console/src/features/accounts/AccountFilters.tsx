import { useState, type FormEvent } from 'react'
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, type AccountFilters as Filters } from './types'

/** The filters the accounts list offers (type, status, code prefix, currency), applied together. */
export function AccountFilters({ value, onApply }: { value: Filters; onApply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(value)
  const set = (field: keyof Filters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }))

  function apply(event: FormEvent) {
    event.preventDefault()
    onApply({ ...draft, code_prefix: draft.code_prefix?.trim(), currency: draft.currency?.trim() })
  }

  function clear() {
    setDraft({})
    onApply({})
  }

  return (
    <form className="account-filters" role="search" aria-label="Filter accounts" onSubmit={apply}>
      <label>Type
        <select value={draft.type ?? ''} onChange={set('type')}>
          <option value="">Any</option>
          {ACCOUNT_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
        </select>
      </label>
      <label>Status
        <select value={draft.status ?? ''} onChange={set('status')}>
          <option value="">Any</option>
          {ACCOUNT_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
        </select>
      </label>
      <label>Code prefix
        <input value={draft.code_prefix ?? ''} onChange={set('code_prefix')} autoComplete="off" />
      </label>
      <label>Currency
        <input value={draft.currency ?? ''} onChange={set('currency')} autoComplete="off" size={6} />
      </label>
      <div className="filter-actions">
        <button type="submit">Apply filters</button>
        <button type="button" onClick={clear}>Clear</button>
      </div>
    </form>
  )
}
