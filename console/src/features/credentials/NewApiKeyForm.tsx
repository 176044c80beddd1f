import { useId, useState, type FormEvent } from 'react'
import { fieldErrors } from '../../components/fieldErrors'
import { toRfc3339 } from '../../format/time'
import { ErrorMessage } from '../../shell/States'
import { Choices, LedgerChoices } from './Choices'
import { API_KEY_SCOPES, scopeOptions } from './scopes'
import { useApiKeyChanges } from './queries'
import type { IssuedApiKey } from './types'
import { FormActions } from '../../components/FormActions'

interface Props {
  projectId: string
  onCreated: (key: IssuedApiKey) => void
  onCancel: () => void
}

/** A new API key of the project: what it may do, on which of the project's ledgers, until when. */
export function NewApiKeyForm({ projectId, onCreated, onCancel }: Props) {
  const id = useId()
  const { create } = useApiKeyChanges(projectId)
  const [description, setDescription] = useState('')
  const [environment, setEnvironment] = useState<'live' | 'test'>('live')
  const [scopes, setScopes] = useState<string[]>(['ledger:read'])
  const [ledgers, setLedgers] = useState<string[]>([])
  const [expires, setExpires] = useState('')
  const [missing, setMissing] = useState<Record<string, string>>({})
  const errors = { ...fieldErrors(create.error), ...missing }

  function submit(event: FormEvent) {
    event.preventDefault()
    const problems: Record<string, string> = {}
    if (scopes.length === 0) {
      problems.scopes = 'Choose at least one scope.'
    }
    if (ledgers.length === 0) {
      problems.ledgers = 'Choose at least one ledger: a key may use only the ledgers it is given.'
    }
    const expiresAt = expires ? toRfc3339(expires) : undefined
    if (expires && !expiresAt) {
      problems.expires_at = 'Not a date and time.'
    }
    setMissing(problems)
    if (Object.keys(problems).length > 0) {
      return
    }
    create.mutate({ description: description.trim() || undefined, environment, scopes, ledgers, expires_at: expiresAt },
      { onSuccess: onCreated })
  }

  return (
    <form className="stacked credential-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>New API key</h2>
      <label>
        Description
        <input value={description} onChange={(event) => setDescription(event.target.value)} maxLength={200}
          placeholder="e.g. Checkout backend" aria-describedby={errors.description ? `${id}-description` : undefined} />
      </label>
      {errors.description && <p className="field-error" id={`${id}-description`}>{errors.description}</p>}
      <label>
        Environment
        <select value={environment} onChange={(event) => setEnvironment(event.target.value as 'live' | 'test')}>
          <option value="live">live (sk_live_…)</option>
          <option value="test">test (sk_test_…)</option>
        </select>
      </label>
      <Choices legend="Scopes" options={scopeOptions(API_KEY_SCOPES)} chosen={scopes} onChange={setScopes}
        error={errors.scopes} errorId={`${id}-scopes`} />
      <LedgerChoices legend="Ledgers" projectId={projectId} chosen={ledgers} onChange={setLedgers}
        error={errors.ledgers} errorId={`${id}-ledgers`} />
      <label>
        Expires (optional)
        <input type="datetime-local" value={expires} onChange={(event) => setExpires(event.target.value)}
          aria-describedby={errors.expires_at ? `${id}-expires` : `${id}-expires-hint`} aria-invalid={errors.expires_at ? true : undefined} />
      </label>
      {errors.expires_at
        ? <p className="field-error" id={`${id}-expires`}>{errors.expires_at}</p>
        : <p className="note" id={`${id}-expires-hint`}>Empty: the key never expires (revoke or rotate it when needed).</p>}
      {create.error && <ErrorMessage error={create.error} />}
      <FormActions submit="Create API key" pendingLabel="Creating…" pending={create.isPending} onCancel={onCancel} />
    </form>
  )
}
