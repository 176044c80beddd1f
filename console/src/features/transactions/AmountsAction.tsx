import { useState } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { fieldErrors } from '../../components/fieldErrors'
import { BalanceSummary } from './BalanceSummary'
import { PostingAmounts } from './PostingAmounts'
import { balanceOf } from './balance'
import { amountsRequest, exceeding } from './status'
import type { Posting, PostingAmounts as AmountsBody } from './types'

interface Props {
  id: string
  /** "commit", "reverse" */
  verb: string
  /** the button, e.g. "Commit hold" */
  label: string
  /** the confirmation's question */
  title: string
  description: string
  postings: Posting[]
  maxima: string[]
  send: (body: AmountsBody) => Promise<unknown>
}

/**
 * An action on a transaction that takes an amount per posting (commit a hold, reverse), all of each by
 * default, confirmed before it is sent. One idempotency key per action until it succeeds, so confirming
 * again after a lost answer does not act twice.
 */
export function AmountsAction({ id, verb, label, title, description, postings, maxima, send }: Props) {
  const [amounts, setAmounts] = useState(maxima)
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID())
  const [refusal, setRefusal] = useState<unknown>(null)

  const check = balanceOf(postings.map((posting, index) =>
    ({ direction: posting.direction, currency: posting.currency, amount: amounts[index] })), { allowZero: true })
  const tooMuch = exceeding(amounts, maxima)
  const errors: Record<string, string> = { ...fieldErrors(refusal) }
  for (const index of tooMuch) {
    errors[`postings[${index}].amount`] = `is more than ${maxima[index]}`
  }

  async function confirm() {
    setRefusal(null)
    try {
      await send(amountsRequest(idempotencyKey, amounts, maxima))
      setIdempotencyKey(crypto.randomUUID())
    } catch (error) {
      setRefusal(error)
      throw error
    }
  }

  return (
    <div className="amounts-action">
      <PostingAmounts verb={verb} postings={postings} maxima={maxima} amounts={amounts} onChange={setAmounts} errors={errors} />
      <BalanceSummary check={check} id={`${id}-balance`} title={`Balance of the amounts to ${verb}`} />
      <ConfirmButton label={label} title={title} onConfirm={confirm} disabled={!check.balanced || tooMuch.length > 0}
        danger={false}>
        {description}
      </ConfirmButton>
    </div>
  )
}
