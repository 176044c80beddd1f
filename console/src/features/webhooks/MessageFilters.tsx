import { useId, useState, type FormEvent } from 'react'
import { toDateTimeLocal, toRfc3339 } from '../../format/time'
import type { MessageFilters as Filters } from './api'
import { EVENT_CATALOGUE, familyWildcard } from './eventTypes'

interface Props {
  value: Filters
  onChange: (next: Filters) => void
  /** problems the API found in the filters, by query parameter */
  errors: Record<string, string>
}

/** The delivery log's filters: an event type or a family, and when the messages were received. */
export function MessageFilters({ value, onChange, errors: apiErrors }: Props) {
  const [eventType, setEventType] = useState(value.event_type ?? '')
  const [since, setSince] = useState(value.since ? toDateTimeLocal(value.since) : '')
  const [until, setUntil] = useState(value.until ? toDateTimeLocal(value.until) : '')
  const [local, setLocal] = useState<Record<string, string>>({})
  const errors = { ...apiErrors, ...local }
  const typeId = useId()
  const sinceId = useId()
  const untilId = useId()

  function submit(event: FormEvent) {
    event.preventDefault()
    const next: Filters = {
      event_type: eventType || undefined,
      since: since ? toRfc3339(since) : undefined,
      until: until ? toRfc3339(until) : undefined,
    }
    const problems: Record<string, string> = {}
    if (since && !next.since) {
      problems.since = 'Not a time.'
    }
    if (until && !next.until) {
      problems.until = 'Not a time.'
    }
    if (next.since && next.until && new Date(next.since) > new Date(next.until)) {
      problems.until = 'Must not be before "Received since".'
    }
    setLocal(problems)
    if (Object.keys(problems).length === 0) {
      onChange(next)
    }
  }

  function clear() {
    setEventType('')
    setSince('')
    setUntil('')
    setLocal({})
    onChange({})
  }

  const described = (field: string, id: string) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {}

  return (
    <form className="filters" onSubmit={submit} noValidate aria-label="Filter the messages">
      <div className="field">
        <label htmlFor={typeId}>Event type</label>
        <select id={typeId} value={eventType} onChange={(event) => setEventType(event.target.value)}
          {...described('event_type', typeId)}>
          <option value="">Every type</option>
          {EVENT_CATALOGUE.map(({ family, types }) => (
            <optgroup key={family} label={family}>
              <option value={familyWildcard(family)}>{familyWildcard(family)} (every {family} event)</option>
              {types.map((type) => <option key={type} value={type}>{type}</option>)}
            </optgroup>
          ))}
        </select>
        {errors.event_type && <span id={`${typeId}-error`} className="field-error">{errors.event_type}</span>}
      </div>
      <div className="field">
        <label htmlFor={sinceId}>Received since</label>
        <input id={sinceId} type="datetime-local" value={since} onChange={(event) => setSince(event.target.value)}
          {...described('since', sinceId)} />
        {errors.since && <span id={`${sinceId}-error`} className="field-error">{errors.since}</span>}
      </div>
      <div className="field">
        <label htmlFor={untilId}>Received before</label>
        <input id={untilId} type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)}
          {...described('until', untilId)} />
        {errors.until && <span id={`${untilId}-error`} className="field-error">{errors.until}</span>}
      </div>
      <div className="filter-actions">
        <button type="submit" className="primary">Apply filters</button>
        <button type="button" onClick={clear}>Clear</button>
      </div>
    </form>
  )
}
