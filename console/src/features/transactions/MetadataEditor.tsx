import { rowKey, pairsOf, type DraftTransaction, type MetadataPair } from './draft'

interface Props {
  draft: DraftTransaction
  error?: string
  onChange: (change: Partial<DraftTransaction>) => void
}

/** Metadata as key/value pairs (strings), or as JSON for anything else (numbers, nested objects). */
export function MetadataEditor({ draft, error, onChange }: Props) {
  const pairs = draft.metadataPairs
  const setPair = (key: string, change: Partial<MetadataPair>) =>
    onChange({ metadataPairs: pairs.map((pair) => (pair.key === key ? { ...pair, ...change } : pair)) })

  function switchTo(mode: 'pairs' | 'json') {
    if (mode === 'json') {
      const named = pairs.filter((pair) => pair.name.trim() !== '')
      onChange({ metadataMode: 'json',
        metadataJson: JSON.stringify(Object.fromEntries(named.map((pair) => [pair.name.trim(), pair.value])), null, 2) })
      return
    }
    const fromJson = pairsOf(draft.metadataJson)
    onChange(fromJson ? { metadataMode: 'pairs', metadataPairs: fromJson } : { metadataMode: 'pairs' })
  }

  return (
    <fieldset className="metadata-editor">
      <legend>Metadata</legend>
      <div className="metadata-mode" role="radiogroup" aria-label="Metadata written as">
        <label><input type="radio" name="metadata-mode" checked={draft.metadataMode === 'pairs'}
          onChange={() => switchTo('pairs')} /> Keys and values</label>
        <label><input type="radio" name="metadata-mode" checked={draft.metadataMode === 'json'}
          onChange={() => switchTo('json')} /> JSON</label>
      </div>
      {draft.metadataMode === 'pairs' && (
        <>
          {pairs.map((pair, index) => (
            <div className="metadata-pair" key={pair.key}>
              <label>Key {index + 1}
                <input value={pair.name} onChange={(event) => setPair(pair.key, { name: event.target.value })} />
              </label>
              <label>Value {index + 1}
                <input value={pair.value} onChange={(event) => setPair(pair.key, { value: event.target.value })} />
              </label>
              <button type="button" aria-label={`Remove metadata ${index + 1}`}
                onClick={() => onChange({ metadataPairs: pairs.filter((one) => one.key !== pair.key) })}>Remove</button>
            </div>
          ))}
          <button type="button" onClick={() => onChange({ metadataPairs: [...pairs, { key: rowKey(), name: '', value: '' }] })}>
            Add metadata
          </button>
        </>
      )}
      {draft.metadataMode === 'json' && (
        <label>Metadata JSON
          <textarea rows={5} className="mono" value={draft.metadataJson} aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ metadataJson: event.target.value })} />
        </label>
      )}
      {error && <p className="field-error">Metadata {error}</p>}
    </fieldset>
  )
}
