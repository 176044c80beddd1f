import { useId } from 'react'
import { assetProblems } from './assetRules'
import type { NewAsset } from './types'

interface Props {
  asset: NewAsset
  onChange: (asset: NewAsset) => void
  /** show the problems of the values (after a submit) */
  checked: boolean
  /** the API's refusal of this asset, if any */
  error?: string
  index?: number
}

/** The code and decimal places of one custom asset, each labelled, each with its problem next to it. */
export function AssetFields({ asset, onChange, checked, error, index }: Props) {
  const id = useId()
  const problems = checked ? assetProblems(asset) : {}
  const suffix = index === undefined ? '' : ` ${index + 1}`
  return (
    <div className="asset-fields">
      <label htmlFor={`${id}-code`}>
        Asset code{suffix}
      </label>
      <input id={`${id}-code`} value={asset.code} autoCapitalize="characters" spellCheck={false}
        aria-invalid={problems.code ? true : undefined} aria-describedby={problems.code ? `${id}-code-error` : undefined}
        onChange={(event) => onChange({ ...asset, code: event.target.value.toUpperCase() })} />
      {problems.code && <p className="field-error" id={`${id}-code-error`}>{problems.code}</p>}
      <label htmlFor={`${id}-scale`}>
        Decimal places{suffix}
      </label>
      <input id={`${id}-scale`} type="number" min={0} max={18} step={1} inputMode="numeric" value={asset.scale}
        aria-invalid={problems.scale ? true : undefined} aria-describedby={problems.scale ? `${id}-scale-error` : undefined}
        onChange={(event) => onChange({ ...asset, scale: event.target.value })} />
      {problems.scale && <p className="field-error" id={`${id}-scale-error`}>{problems.scale}</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  )
}
