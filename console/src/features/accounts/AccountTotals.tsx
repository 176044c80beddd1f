import { BalanceCells, BalanceHeadings } from './BalanceColumns'
import { totalsByCurrencyAndType } from './tree'
import type { Account } from './types'
import { TableScroll } from '../../components/TableScroll'

/** The balances added up per currency and account type (see totalsByCurrencyAndType). */
export function AccountTotals({ accounts }: { accounts: Account[] }) {
  const totals = totalsByCurrencyAndType(accounts)
  return (
    <section aria-labelledby="account-totals-title" className="account-totals">
      <h2 id="account-totals-title">Totals by currency and type</h2>
      <TableScroll>
        <table>
          <caption className="visually-hidden">Balances added up per currency and account type</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">Type</th>
              <th scope="col" className="number">Accounts</th>
              <BalanceHeadings />
            </tr>
          </thead>
          <tbody>
            {totals.map((total) => (
              <tr key={`${total.currency} ${total.type}`}>
                <th scope="row">{total.currency}</th>
                <td>{total.type}</td>
                <td className="number">{total.accounts}</td>
                <BalanceCells balances={total.balances} currency={total.currency} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  )
}
