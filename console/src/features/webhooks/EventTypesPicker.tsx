import { EVENT_CATALOGUE, familyWildcard } from './eventTypes'

interface Props {
  value: string[]
  onChange: (next: string[]) => void
  error?: string
}

/**
 * The event types an endpoint receives, from the catalogue: whole families (`transaction.*`) or single
 * types; none chosen is every type.
 */
export function EventTypesPicker({ value, onChange, error }: Props) {
  const chosen = new Set(value)

  function toggle(entry: string, on: boolean) {
    const next = new Set(chosen)
    if (on) {
      next.add(entry)
    } else {
      next.delete(entry)
    }
    onChange([...next])
  }

  function toggleFamily(family: string, types: string[], on: boolean) {
    // a family's wildcard covers its types: keep the subscription free of entries it already names
    const next = value.filter((entry) => !types.includes(entry) && entry !== familyWildcard(family))
    onChange(on ? [...next, familyWildcard(family)] : next)
  }

  return (
    <fieldset className="event-types" aria-describedby="event-types-note">
      <legend>Event types</legend>
      <p id="event-types-note" className="note">
        {value.length === 0 ? 'None chosen: the endpoint receives every event type.' : `Receives: ${value.join(', ')}`}
      </p>
      <div className="event-families">
        {EVENT_CATALOGUE.map(({ family, types }) => {
          const wholeFamily = chosen.has(familyWildcard(family))
          return (
            <div key={family} className="event-family">
              <label className="check">
                <input type="checkbox" checked={wholeFamily}
                  onChange={(event) => toggleFamily(family, types, event.target.checked)} />
                <code>{familyWildcard(family)}</code>
              </label>
              {types.map((type) => (
                <label key={type} className="check nested">
                  <input type="checkbox" checked={wholeFamily || chosen.has(type)} disabled={wholeFamily}
                    onChange={(event) => toggle(type, event.target.checked)} />
                  <code>{type}</code>
                </label>
              ))}
            </div>
          )
        })}
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </fieldset>
  )
}
