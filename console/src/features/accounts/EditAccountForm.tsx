import { useState, type FormEvent } from 'react'
import { ErrorMessage } from '../../shell/States'
import { Field } from '../../components/Field'
import { accountChange, accountFieldErrors, hasFormLevelError, metadataText, parseMetadata } from './forms'
import { useUpdateAccount } from './queries'
import type { Account } from './types'
import { FormActions } from '../../components/FormActions'

/** Changes an account's name, limits (empty: unbounded) and metadata. */
export function EditAccountForm({ ledgerId, account, onDone }: { ledgerId: string; account: Account; onDone: () => void }) {
  const [form, setForm] = useState({
    name: account.name,
    minBalance: account.limits?.min_balance ?? '',
    maxBalance: account.limits?.max_balance ?? '',
    metadata: metadataText(account.metadata),
  })
  const [localError, setLocalError] = useState<{ metadata?: string; form?: string }>({})
  const update = useUpdateAccount(ledgerId, account.code)
  const errors = accountFieldErrors(update.error)
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const metadata = parseMetadata(form.metadata)
    if (metadata.error) {
      setLocalError({ metadata: metadata.error })
      return
    }
    const change = accountChange(account, form, metadata.value, form.metadata !== metadataText(account.metadata))
    if (Object.keys(change).length === 0) {
      setLocalError({ form: 'Nothing changed.' })
      return
    }
    setLocalError({})
    update.mutate(change, { onSuccess: onDone })
  }

  return (
    <form className="stacked account-form" aria-label="Edit account" onSubmit={submit} noValidate>
      <h2>Edit account</h2>
      <Field label="Name" error={errors.name}>
        {(control) => <input {...control} value={form.name} onChange={set('name')} />}
      </Field>
      <div className="form-grid">
        <Field label="Minimum balance" error={errors['limits.min_balance'] ?? errors.limits} hint="Empty: unbounded">
          {(control) => <input {...control} value={form.minBalance} onChange={set('minBalance')} inputMode="decimal" />}
        </Field>
        <Field label="Maximum balance" error={errors['limits.max_balance']} hint="Empty: unbounded">
          {(control) => <input {...control} value={form.maxBalance} onChange={set('maxBalance')} inputMode="decimal" />}
        </Field>
      </div>
      <Field label="Metadata (JSON)" error={localError.metadata ?? errors.metadata} hint="Replaces the metadata as a whole">
        {(control) => <textarea {...control} value={form.metadata} onChange={set('metadata')} rows={3} className="mono" />}
      </Field>
      {localError.form && <p role="status" className="note">{localError.form}</p>}
      {hasFormLevelError(update.error, errors) && <ErrorMessage error={update.error} />}
      <FormActions submit="Save changes" pendingLabel="Saving…" pending={update.isPending} onCancel={onDone} />
    </form>
  )
}
