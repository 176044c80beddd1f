import type { DraftPosting } from './draft'
import type { Direction } from './types'

interface Props {
  index: number
  posting: DraftPosting
  accountsListId: string
  errors: Record<string, string>
  canRemove: boolean
  onChange: (change: Partial<DraftPosting>) => void
  onRemove: () => void
}

/** One posting of the form: account, direction, amount, currency; the API's problems with it next to its fields. */
export function PostingFields({ index, posting, accountsListId, errors, canRemove, onChange, onRemove }: Props) {
  const id = `posting-${posting.key}`
  const field = (name: string) => errors[`postings[${index}].${name}`]
  const general = errors[`postings[${index}]`]
  const described = (name: string) => (field(name) ? `${id}-${name}-error` : undefined)

  return (
    <fieldset className="posting-fields">
      <legend>Posting {index + 1}</legend>
      <div className="posting-grid">
        <label>
          Account
          <input value={posting.account_code} list={accountsListId} autoComplete="off" required
            aria-invalid={field('account_code') ? true : undefined} aria-describedby={described('account_code')}
            onChange={(event) => onChange({ account_code: event.target.value })} />
          {field('account_code') && <span id={`${id}-account_code-error`} className="field-error">{field('account_code')}</span>}
        </label>
        <label>
          Direction
          <select value={posting.direction} onChange={(event) => onChange({ direction: event.target.value as Direction })}>
            <option value="debit">Debit</option>
            <option value="credit">Credit</option>
          </select>
        </label>
        <label>
          Amount
          <input value={posting.amount} inputMode="decimal" placeholder="0.00" required className="amount"
            aria-invalid={field('amount') ? true : undefined} aria-describedby={described('amount')}
            onChange={(event) => onChange({ amount: event.target.value })} />
          {field('amount') && <span id={`${id}-amount-error`} className="field-error">{field('amount')}</span>}
        </label>
        <label>
          Currency
          <input value={posting.currency} className="currency" maxLength={16} autoCapitalize="characters"
            aria-invalid={field('currency') ? true : undefined} aria-describedby={described('currency')}
            onChange={(event) => onChange({ currency: event.target.value.toUpperCase() })} />
          {field('currency') && <span id={`${id}-currency-error`} className="field-error">{field('currency')}</span>}
        </label>
        <button type="button" className="remove" onClick={onRemove} disabled={!canRemove}
          aria-label={`Remove posting ${index + 1}`}>Remove</button>
      </div>
      {general && <p className="field-error">{general}</p>}
    </fieldset>
  )
}
