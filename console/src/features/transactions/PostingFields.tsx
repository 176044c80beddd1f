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
  const problem = (name: string) => errors[`postings[${index}].${name}`]
  const general = errors[`postings[${index}]`]
  const invalid = (name: string) => ({
    'aria-invalid': problem(name) ? true : undefined,
    'aria-describedby': problem(name) ? `${id}-${name}-error` : undefined,
  })
  const message = (name: string) =>
    problem(name) && <span id={`${id}-${name}-error`} className="field-error">{problem(name)}</span>

  return (
    <fieldset className="posting-fields">
      <legend>Posting {index + 1}</legend>
      <div className="posting-grid">
        <div className="field">
          <label htmlFor={`${id}-account`}>Account</label>
          <input id={`${id}-account`} value={posting.account_code} list={accountsListId} autoComplete="off" required
            {...invalid('account_code')} onChange={(event) => onChange({ account_code: event.target.value })} />
          {message('account_code')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-direction`}>Direction</label>
          <select id={`${id}-direction`} value={posting.direction}
            onChange={(event) => onChange({ direction: event.target.value as Direction })}>
            <option value="debit">Debit</option>
            <option value="credit">Credit</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-amount`}>Amount</label>
          <input id={`${id}-amount`} value={posting.amount} inputMode="decimal" placeholder="0.00" required
            className="amount" {...invalid('amount')} onChange={(event) => onChange({ amount: event.target.value })} />
          {message('amount')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-currency`}>Currency</label>
          <input id={`${id}-currency`} value={posting.currency} className="currency" maxLength={16}
            autoCapitalize="characters" {...invalid('currency')}
            onChange={(event) => onChange({ currency: event.target.value.toUpperCase() })} />
          {message('currency')}
        </div>
        <button type="button" className="remove" onClick={onRemove} disabled={!canRemove}
          aria-label={`Remove posting ${index + 1}`}>Remove</button>
      </div>
      {general && <p className="field-error">{general}</p>}
    </fieldset>
  )
}
