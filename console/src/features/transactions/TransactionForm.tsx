import { useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { fieldErrors } from '../../components/fieldErrors'
import { ErrorMessage } from '../../shell/States'
import { BalanceSummary } from './BalanceSummary'
import { Field } from '../../components/Field'
import { MetadataEditor } from './MetadataEditor'
import { PostingFields } from './PostingFields'
import { balanceOf } from './balance'
import { emptyDraft, emptyPosting, requestOf, type DraftPosting, type DraftTransaction } from './draft'
import type { AccountSummary, NewTransaction, TransactionWritten } from './types'

interface Props {
  ledgerCurrency: string
  accounts: AccountSummary[]
  submit: (request: NewTransaction) => Promise<TransactionWritten>
  onPosted: (written: TransactionWritten) => void
}

/** Fields the form shows next to an input; a refusal's other field problems are listed under its detail. */
const SHOWN = /^(postings\[\d+\](\.(account_code|amount|currency))?|external_id|occurred_at|expires_at|metadata)$/

/**
 * The form of a new transaction. It sends only postings that balance in every currency, and sends each
 * submission under one idempotency key, made once for the form: a double click, or a retry after an answer
 * that never came, cannot post twice (a refusal leaves the key unused, so a corrected form may use it).
 */
export function TransactionForm({ ledgerCurrency, accounts, submit, onPosted }: Props) {
  const [draft, setDraft] = useState<DraftTransaction>(() => emptyDraft(ledgerCurrency))
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const [sending, setSending] = useState(false)
  const inFlight = useRef(false)
  const [refusal, setRefusal] = useState<unknown>(null)
  const [problems, setProblems] = useState<Record<string, string>>({})
  const ids = useId()

  const check = useMemo(() => balanceOf(draft.postings), [draft.postings])
  const errors = { ...fieldErrors(refusal), ...problems }
  const otherErrors = Object.entries(fieldErrors(refusal)).filter(([field]) => !SHOWN.test(field))
  const missingAccount = draft.postings.some((posting) => posting.account_code.trim() === '')
  const ready = check.balanced && draft.postings.length >= 2 && !missingAccount

  const change = (next: Partial<DraftTransaction>) => setDraft((current) => ({ ...current, ...next }))

  function changePosting(key: string, next: Partial<DraftPosting>) {
    const code = next.account_code?.trim()
    const account = code === undefined ? undefined : accounts.find((one) => one.code === code)
    const withCurrency = account ? { ...next, currency: account.currency } : next
    setDraft((current) => ({
      ...current,
      postings: current.postings.map((posting) => (posting.key === key ? { ...posting, ...withCurrency } : posting)),
    }))
  }

  function setPostings(postings: DraftPosting[]) {
    // a refusal names postings by their index, which no longer holds once rows move
    setRefusal(null)
    change({ postings })
  }

  async function send(event: FormEvent) {
    event.preventDefault()
    if (!ready || inFlight.current) {
      return
    }
    const { request, problems: found } = requestOf(draft, idempotencyKey)
    setProblems(found)
    if (!request) {
      return
    }
    inFlight.current = true
    setSending(true)
    setRefusal(null)
    try {
      onPosted(await submit(request))
    } catch (error) {
      setRefusal(error)
    } finally {
      inFlight.current = false
      setSending(false)
    }
  }

  return (
    <form className="transaction-form" onSubmit={send} noValidate aria-label="New transaction">
      <datalist id={`${ids}-accounts`}>
        {accounts.map((account) => <option key={account.code} value={account.code}>{account.name} · {account.currency}</option>)}
      </datalist>

      <div className="postings">
        {draft.postings.map((posting, index) => (
          <PostingFields key={posting.key} index={index} posting={posting} accountsListId={`${ids}-accounts`}
            errors={errors} canRemove={draft.postings.length > 2}
            onChange={(next) => changePosting(posting.key, next)}
            onRemove={() => setPostings(draft.postings.filter((one) => one.key !== posting.key))} />
        ))}
        {errors.postings && <p className="field-error">Postings {errors.postings}</p>}
        <button type="button" disabled={draft.postings.length >= 256}
          onClick={() => setPostings([...draft.postings, emptyPosting('credit', ledgerCurrency)])}>Add posting</button>
      </div>

      <BalanceSummary check={check} id={`${ids}-balance`} />

      <fieldset className="transaction-details">
        <legend>Details</legend>
        <Field label="External id (optional)" error={errors.external_id}>
          {(props) => <input {...props} value={draft.externalId} maxLength={255}
            onChange={(event) => change({ externalId: event.target.value })} />}
        </Field>
        <Field label="Occurred at (optional; default now)" error={errors.occurred_at}>
          {(props) => <input {...props} type="datetime-local" step={1} value={draft.occurredAt}
            onChange={(event) => change({ occurredAt: event.target.value })} />}
        </Field>
        <label className="inline">
          <input type="checkbox" checked={draft.pending} onChange={(event) => change({ pending: event.target.checked })} />
          Hold only (pending until committed or voided)
        </label>
        {draft.pending && (
          <Field label="Hold expires at (optional; default never)" error={errors.expires_at}>
            {(props) => <input {...props} type="datetime-local" step={1} value={draft.expiresAt}
              onChange={(event) => change({ expiresAt: event.target.value })} />}
          </Field>
        )}
      </fieldset>

      <MetadataEditor draft={draft} error={errors.metadata} onChange={change} />

      {refusal !== null && (
        <div className="refusal">
          <ErrorMessage error={refusal} />
          {otherErrors.length > 0 && (
            <ul className="field-error">
              {otherErrors.map(([field, message]) => <li key={field}><code>{field}</code> {message}</li>)}
            </ul>
          )}
        </div>
      )}

      <div className="form-actions">
        <button type="submit" className="primary" disabled={!ready || sending}
          aria-describedby={ready ? undefined : `${ids}-blocked`}>
          {sending ? 'Posting…' : draft.pending ? 'Hold transaction' : 'Post transaction'}
        </button>
        {!ready && (
          <span id={`${ids}-blocked`} className="note">
            {missingAccount ? 'Every posting needs an account. ' : ''}
            {draft.postings.length < 2 ? 'A transaction needs at least two postings. ' : ''}
            {!check.balanced ? 'It can be sent once it balances in every currency.' : ''}
          </span>
        )}
      </div>
    </form>
  )
}
