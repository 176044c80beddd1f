import { formatMoney } from '../money/decimal'

/** An amount as the API gave it (exact decimal string), grouped for reading, in tabular figures. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency?: string }) {
  if (amount === null || amount === undefined) {
    return <span className="money none">—</span>
  }
  return <span className="money">{formatMoney(amount, currency)}</span>
}
