import { ZERO, add, compare, formatDecimal, isZero, parseDecimal, subtract } from '../../money/decimal'
import type { Posting, PostingAmounts, Transaction } from './types'
import type { Tone } from '../../components/Badge'

/** What a person calls the state a transaction is in: a commit and a reversal are posted transactions to the API. */
export function stateOf(transaction: Transaction): string {
  if (transaction.status === 'pending') {
    return 'pending'
  }
  if (transaction.status === 'voided') {
    return transaction.void_reason === 'expired' ? 'expired' : 'voided'
  }
  if (transaction.committed_at) {
    return 'committed'
  }
  return transaction.reversal_of ? 'reversal' : 'posted'
}

/** How a transaction's state reads (components/Badge): what was undone struck through. */
const STATE_TONE: Record<string, Tone> = {
  pending: 'waiting', posted: 'good', committed: 'good', voided: 'over', expired: 'over', reversal: 'cold', reversed: 'cold',
}

export const stateBadge = (state: string): { tone: Tone; struck: boolean } =>
  ({ tone: STATE_TONE[state] ?? 'plain', struck: state === 'voided' || state === 'expired' })

/** What is left to reverse of a posting of a posted transaction: amount − reversed_amount. */
export function leftToReverse(posting: Posting): string {
  const amount = parseDecimal(posting.amount) ?? ZERO
  const reversed = parseDecimal(posting.reversed_amount) ?? ZERO
  return formatDecimal(subtract(amount, reversed), amount.scale)
}

/** What a pending posting holds. */
export const held = (posting: Posting) => posting.pending_amount ?? posting.amount

/** The postings (by index) whose amount is more than its posting allows. */
export function exceeding(amounts: string[], maxima: string[]): number[] {
  return amounts.flatMap((amount, index) => {
    const value = parseDecimal(amount)
    const max = parseDecimal(maxima[index])
    return value && max && compare(value, max) > 0 ? [index] : []
  })
}

/** A commit's or reversal's body: no amounts when every posting takes all it may (the API's default). */
export function amountsRequest(idempotencyKey: string, amounts: string[], maxima: string[]): PostingAmounts {
  const all = amounts.every((amount, index) => {
    const value = parseDecimal(amount)
    const max = parseDecimal(maxima[index])
    return value && max && compare(value, max) === 0
  })
  return all ? { idempotency_key: idempotencyKey } : { idempotency_key: idempotencyKey, postings: amounts.map((amount) => ({ amount: amount.trim() })) }
}

/** Whether an amount is zero (or not an amount at all). */
export const isNothing = (amount: string) => isZero(parseDecimal(amount) ?? ZERO)

/** What a transaction moves: the sum of its debits per currency (equal to its credits), in posting order. */
export function debitTotals(postings: Posting[]): { currency: string; amount: string }[] {
  const sums = new Map<string, ReturnType<typeof add>>()
  for (const posting of postings) {
    const amount = parseDecimal(posting.amount)
    if (posting.direction === 'debit' && amount) {
      sums.set(posting.currency, add(sums.get(posting.currency) ?? ZERO, amount))
    }
  }
  return [...sums].map(([currency, sum]) => ({ currency, amount: formatDecimal(sum) }))
}
