import { useState, type FormEvent } from 'react'
import { ErrorMessage } from '../../shell/States'
import { Field } from '../../components/Field'
import { accountFieldErrors, hasFormLevelError, parseMetadata } from './forms'
import { useCreateAccount } from './queries'
import { ACCOUNT_TYPES, type AccountRecord, type AccountType, type Direction, type NewAccount } from './types'
import { FormActions } from '../../components/FormActions'

interface Props {
  ledgerId: string
  ledgerCurrency: string
  /** the codes a parent may be chosen among */
  parentCodes: string[]
  onCreated: (account: AccountRecord) => void
  /** a new attempt: what was said of the last one no longer holds */
  onSubmit: () => void
  onCancel: () => void
}

const EMPTY = { code: '', name: '', type: 'asset' as AccountType, currency: '', normalBalance: '' as Direction | '',
  parentCode: '', minBalance: '', maxBalance: '', metadata: '' }

/** Opens an account; the API's refusal shows next to the inputs it concerns. */
export function CreateAccountForm({ ledgerId, ledgerCurrency, parentCodes, onCreated, onSubmit, onCancel }: Props) {
  const [form, setForm] = useState(EMPTY)
  const [metadataError, setMetadataError] = useState<string>()
  const create = useCreateAccount(ledgerId)
  const errors = accountFieldErrors(create.error)
  const set = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    onSubmit()
    const metadata = parseMetadata(form.metadata)
    setMetadataError(metadata.error)
    if (metadata.error) {
      return
    }
    const account: NewAccount = { code: form.code.trim(), name: form.name, type: form.type }
    if (form.currency.trim()) account.currency = form.currency.trim()
    if (form.normalBalance) account.normal_balance = form.normalBalance
    if (form.parentCode.trim()) account.parent_code = form.parentCode.trim()
    if (form.minBalance.trim() || form.maxBalance.trim()) {
      account.limits = { min_balance: form.minBalance.trim() || null, max_balance: form.maxBalance.trim() || null }
    }
    if (metadata.value) account.metadata = metadata.value
    create.mutate(account, { onSuccess: (created) => { setForm(EMPTY); onCreated(created) } })
  }

  return (
    <form className="stacked account-form" aria-label="New account" onSubmit={submit} noValidate>
      <h2>New account</h2>
      <div className="form-grid">
        <Field label="Code" error={errors.code} hint="A-Z a-z 0-9 _ . : - (e.g. wallet:alice)">
          {(control) => <input {...control} value={form.code} onChange={set('code')} required autoComplete="off" />}
        </Field>
        <Field label="Name" error={errors.name}>
          {(control) => <input {...control} value={form.name} onChange={set('name')} required />}
        </Field>
        <Field label="Type" error={errors.type}>
          {(control) => (
            <select {...control} value={form.type} onChange={set('type')}>
              {ACCOUNT_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
            </select>
          )}
        </Field>
        <Field label="Currency" error={errors.currency} hint={`Default ${ledgerCurrency}, the ledger's`}>
          {(control) => <input {...control} value={form.currency} onChange={set('currency')} placeholder={ledgerCurrency}
            autoComplete="off" />}
        </Field>
        <Field label="Normal balance" error={errors.normal_balance}>
          {(control) => (
            <select {...control} value={form.normalBalance} onChange={set('normalBalance')}>
              <option value="">From the type</option>
              <option value="debit">debit</option>
              <option value="credit">credit</option>
            </select>
          )}
        </Field>
        <Field label="Parent account" error={errors.parent_code} hint="Optional: an account of the same currency">
          {(control) => (
            <>
              <input {...control} value={form.parentCode} onChange={set('parentCode')} list={`${control.id}-codes`}
                autoComplete="off" />
              <datalist id={`${control.id}-codes`}>
                {parentCodes.map((code) => <option key={code} value={code} />)}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Minimum balance" error={errors['limits.min_balance'] ?? errors.limits} hint="Empty: unbounded">
          {(control) => <input {...control} value={form.minBalance} onChange={set('minBalance')} inputMode="decimal" />}
        </Field>
        <Field label="Maximum balance" error={errors['limits.max_balance']} hint="Empty: unbounded">
          {(control) => <input {...control} value={form.maxBalance} onChange={set('maxBalance')} inputMode="decimal" />}
        </Field>
      </div>
      <Field label="Metadata (JSON)" error={metadataError ?? errors.metadata}>
        {(control) => <textarea {...control} value={form.metadata} onChange={set('metadata')} rows={3}
          placeholder='{"customer": "alice"}' className="mono" />}
      </Field>
      {hasFormLevelError(create.error, errors) && <ErrorMessage error={create.error} />}
      <FormActions submit="Create account" pendingLabel="Creating…" pending={create.isPending} onCancel={onCancel} />
    </form>
  )
}
