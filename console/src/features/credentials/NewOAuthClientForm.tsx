import { useId, useState, type FormEvent } from 'react'
import { fieldErrors } from '../../components/fieldErrors'
import { ErrorMessage } from '../../shell/States'
import { Choices, LedgerChoices } from './Choices'
import { useOAuthClientChanges } from './queries'
import { CLIENT_SCOPES, scopeOptions } from './scopes'
import type { IssuedOAuthClient } from './types'
import { FormActions } from '../../components/FormActions'

interface Props {
  projectId: string
  onCreated: (client: IssuedOAuthClient) => void
  onCancel: () => void
}

/** A new OAuth2 client of the project (client credentials): its name, scopes and, optionally, its ledgers. */
export function NewOAuthClientForm({ projectId, onCreated, onCancel }: Props) {
  const id = useId()
  const { create } = useOAuthClientChanges(projectId)
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<string[]>(['ledger:read'])
  const [ledgers, setLedgers] = useState<string[]>([])
  const [missing, setMissing] = useState<Record<string, string>>({})
  const errors = { ...fieldErrors(create.error), ...missing }

  function submit(event: FormEvent) {
    event.preventDefault()
    const problems: Record<string, string> = {}
    if (!name.trim()) {
      problems.name = 'Give the client a name.'
    }
    if (scopes.length === 0) {
      problems.scopes = 'Choose at least one scope.'
    }
    setMissing(problems)
    if (Object.keys(problems).length === 0) {
      create.mutate({ name: name.trim(), scopes, ledgers }, { onSuccess: onCreated })
    }
  }

  return (
    <form className="stacked credential-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>New OAuth client</h2>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} maxLength={200}
          aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? `${id}-name` : undefined} />
      </label>
      {errors.name && <p className="field-error" id={`${id}-name`}>{errors.name}</p>}
      <Choices legend="Scopes" options={scopeOptions(CLIENT_SCOPES)} chosen={scopes} onChange={setScopes}
        error={errors.scopes} errorId={`${id}-scopes`} />
      <LedgerChoices legend="Ledgers (optional)" projectId={projectId} chosen={ledgers} onChange={setLedgers}
        error={errors.ledgers} errorId={`${id}-ledgers`}
        hint="None chosen: each token grants every ledger the project has when the token is issued." />
      {create.error && <ErrorMessage error={create.error} />}
      <FormActions submit="Create OAuth client" pendingLabel="Creating…" pending={create.isPending} onCancel={onCancel} />
    </form>
  )
}
