import { useState, type FormEvent } from 'react'

interface Dates {
  from: string
  to: string
}

/** The period of the chart and the statement: from the start of one day to the start of another. */
export function PeriodPicker({ value, onChange, error }: { value: Dates; onChange: (dates: Dates) => void; error?: string }) {
  const [draft, setDraft] = useState(value)

  function apply(event: FormEvent) {
    event.preventDefault()
    onChange(draft)
  }

  return (
    <form className="period" aria-label="Period" onSubmit={apply}>
      <label>From
        <input type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
      </label>
      <label>To (not included)
        <input type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
      </label>
      <button type="submit">Show period</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  )
}
