import { Money } from '../../components/Money'
import type { Balances } from './types'

/** The four balance columns' headings, shared by the accounts tree and the totals. */
export function BalanceHeadings() {
  return (
    <>
      <th scope="col" className="number">Posted</th>
      <th scope="col" className="number">Pending debits</th>
      <th scope="col" className="number">Pending credits</th>
      <th scope="col" className="number">Available</th>
    </>
  )
}

export function BalanceCells({ balances, currency }: { balances: Balances; currency: string }) {
  return (
    <>
      <td className="number"><Money amount={balances.posted} currency={currency} /></td>
      <td className="number"><Money amount={balances.pending_debits} currency={currency} /></td>
      <td className="number"><Money amount={balances.pending_credits} currency={currency} /></td>
      <td className="number"><Money amount={balances.available} currency={currency} /></td>
    </>
  )
}
