import { useId, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { fieldErrors } from '../../components/fieldErrors'
import { ErrorMessage } from '../../shell/States'
import { AssetFields } from './AssetFields'
import { assetProblems } from './assetRules'
import { AssetRefused, useCreateLedger } from './queries'
import type { LedgerDetails, NewAsset, Project } from './types'
import { FormActions } from '../../components/FormActions'

interface Props {
  projects: Project[]
  /** the project chosen in the shell, preselected */
  projectId: string | null
  onCreated: (ledger: LedgerDetails) => void
  onCancel: () => void
}

const NO_ASSET: NewAsset = { code: '', scale: '2' }

/** Creates a ledger in a project, with the custom assets it should know from the start. */
export function NewLedgerForm({ projects, projectId, onCreated, onCancel }: Props) {
  const id = useId()
  const [project, setProject] = useState(projectId ?? projects[0]?.id ?? '')
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const [currency, setCurrency] = useState('')
  const [assets, setAssets] = useState<NewAsset[]>([])
  const [checked, setChecked] = useState(false)
  const create = useCreateLedger()
  const errors = fieldErrors(create.error)
  const refused = create.error instanceof AssetRefused ? create.error : null

  function submit(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (assets.some((asset) => Object.keys(assetProblems(asset)).length > 0)) {
      return
    }
    create.mutate({ projectId: project, code, name, currency, assets }, { onSuccess: onCreated })
  }

  const describe = (field: string) => (errors[field] ? `${id}-${field}-error` : undefined)
  const fieldError = (field: string) =>
    errors[field] && <p className="field-error" id={`${id}-${field}-error`}>{errors[field]}</p>

  return (
    <form className="stacked ledger-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New ledger</h2>
      <label>
        Project
        <select value={project} onChange={(event) => setProject(event.target.value)} required>
          {projects.map((one) => <option key={one.id} value={one.id}>{one.name} ({one.code})</option>)}
        </select>
      </label>
      <label>
        Code
        <input value={code} onChange={(event) => setCode(event.target.value)} required maxLength={63}
          spellCheck={false} aria-describedby={describe('code') ?? `${id}-code-hint`}
          aria-invalid={errors.code ? true : undefined} />
      </label>
      {errors.code ? fieldError('code') : (
        <p className="note" id={`${id}-code-hint`}>Lower-case letters, digits and dashes; unique in the project; never changes.</p>
      )}
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200}
          aria-describedby={describe('name')} aria-invalid={errors.name ? true : undefined} />
      </label>
      {fieldError('name')}
      <label>
        Currency
        <input value={currency} onChange={(event) => setCurrency(event.target.value.toUpperCase())} required
          maxLength={3} placeholder="EUR" spellCheck={false}
          aria-describedby={describe('currency') ?? `${id}-currency-hint`} aria-invalid={errors.currency ? true : undefined} />
      </label>
      {errors.currency ? fieldError('currency') : (
        <p className="note" id={`${id}-currency-hint`}>Its default currency, an ISO 4217 code; never changes.</p>
      )}
      <fieldset className="assets">
        <legend>Custom assets (optional)</legend>
        <p className="note">Stablecoins, points, shares…: anything besides the ISO currencies, with its decimal places. A declaration never changes.</p>
        {assets.map((asset, index) => (
          <div className="asset-row" key={index}>
            <AssetFields asset={asset} index={index} checked={checked}
              onChange={(next) => setAssets(assets.map((one, at) => (at === index ? next : one)))} />
            <button type="button" onClick={() => setAssets(assets.filter((_, at) => at !== index))}>
              Remove asset {index + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setAssets([...assets, NO_ASSET])}>Add an asset</button>
      </fieldset>
      {refused && (
        <p role="alert" className="error">
          The ledger <code>{refused.ledger.code}</code> was created, but its asset {refused.asset.code} was refused:{' '}
          {refused.message} Declare it from <Link to={`/ledgers/${refused.ledger.id}`}>the ledger&apos;s overview</Link>.
        </p>
      )}
      {create.error && !refused && <ErrorMessage error={create.error} />}
      <FormActions submit="Create ledger" pendingLabel="Creating…" pending={create.isPending} disabled={refused !== null}
        cancelLabel={refused ? 'Close' : 'Cancel'} onCancel={onCancel} />
    </form>
  )
}
