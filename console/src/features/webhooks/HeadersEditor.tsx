import { MASKED, type HeaderRow } from './endpointDraft'

interface Props {
  rows: HeaderRow[]
  onChange: (rows: HeaderRow[]) => void
  /** problems by field as the API names them: headers, headers.<name> */
  errors: Record<string, string>
}

/** The custom headers sent with every request to the endpoint, one row per header. */
export function HeadersEditor({ rows, onChange, errors }: Props) {
  const update = (index: number, change: Partial<HeaderRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)))

  return (
    <fieldset className="headers-editor">
      <legend>Custom headers</legend>
      <p className="note">Sent with every request. Values of credential-like headers are shown masked; to change
        one, type it again.</p>
      {rows.map((row, index) => {
        const number = index + 1
        const error = errors[`headers.${row.name.trim()}`]
        const errorId = `header-error-${number}`
        return (
          <div key={index} className="header-row">
            <label>
              Header name {number}
              <input value={row.name} autoComplete="off" aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                onChange={(event) => update(index, { name: event.target.value })} />
            </label>
            <label>
              Header value {number}
              <input value={row.value} autoComplete="off" placeholder={row.value === MASKED ? 'masked' : undefined}
                aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}
                onChange={(event) => update(index, { value: event.target.value })} />
            </label>
            <button type="button" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              Remove header {number}
            </button>
            {error && <p id={errorId} className="field-error">{row.name}: {error}</p>}
          </div>
        )
      })}
      {errors.headers && <p className="field-error">{errors.headers}</p>}
      <button type="button" onClick={() => onChange([...rows, { name: '', value: '' }])}>Add a header</button>
    </fieldset>
  )
}
