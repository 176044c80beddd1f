import { ZERO, add, compare, formatDecimal, parseDecimal, subtract, type Decimal } from '../../money/decimal'
import type { Direction } from './types'

export interface PostingLine {
  direction: Direction
  amount: string
  currency: string
}

export interface CurrencyBalance {
  currency: string
  debits: string
  credits: string
  /** debits − credits: zero when the currency balances */
  difference: string
  balanced: boolean
}

export interface BalanceCheck {
  /** per currency, in the order the currencies first appear */
  currencies: CurrencyBalance[]
  /** the lines (by index) whose amount is not a decimal amount the API takes, or that name no currency */
  invalid: number[]
  /** every line valid, at least one currency, and debits equal credits in each */
  balanced: boolean
}

/**
 * Whether postings balance, per currency, in exact decimals: what the ledger checks before it records a
 * transaction (422 UNBALANCED_TRANSACTION), told before sending. A new posting's amount must be above
 * zero; a commit or a partial reversal may leave a posting out with zero (allowZero).
 */
export function balanceOf(lines: PostingLine[], { allowZero = false } = {}): BalanceCheck {
  const sums = new Map<string, { debits: Decimal; credits: Decimal }>()
  const invalid: number[] = []
  lines.forEach((line, index) => {
    const amount = parseDecimal(line.amount)
    const currency = line.currency.trim()
    const sign = amount ? compare(amount, ZERO) : -1
    if (!amount || !currency || sign < 0 || (sign === 0 && !allowZero) || line.amount.trim().startsWith('+')) {
      invalid.push(index)
      return
    }
    const sum = sums.get(currency) ?? { debits: ZERO, credits: ZERO }
    sums.set(currency, line.direction === 'debit'
      ? { ...sum, debits: add(sum.debits, amount) }
      : { ...sum, credits: add(sum.credits, amount) })
  })
  const currencies = [...sums].map(([currency, { debits, credits }]) => {
    const scale = Math.max(debits.scale, credits.scale)
    return {
      currency,
      debits: formatDecimal(debits, scale),
      credits: formatDecimal(credits, scale),
      difference: formatDecimal(subtract(debits, credits), scale),
      balanced: compare(debits, credits) === 0,
    }
  })
  return {
    currencies,
    invalid,
    balanced: invalid.length === 0 && currencies.length > 0 && currencies.every((one) => one.balanced),
  }
}
