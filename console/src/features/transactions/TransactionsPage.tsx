import { Link, useSearchParams } from 'react-router'
import { LoadMore } from '../../components/LoadMore'
import { DateTime } from '../../components/DateTime'
import { Money } from '../../components/Money'
import { fieldErrors } from '../../components/fieldErrors'
import { useLedger } from '../../shell/ledgers'
import { QueryStates } from '../../shell/States'
import { TransactionFiltersForm } from './TransactionFiltersForm'
import { filtersFrom, paramsOf } from './filters'
import { useAccountSuggestions, useTransactionList } from './queries'
import { debitTotals, stateBadge, stateOf } from './status'
import type { Transaction } from './types'
import './transactions.css'
import { PageHeading } from '../../components/PageHeading'
import { Badge } from '../../components/Badge'
import { TableScroll } from '../../components/TableScroll'

export function TransactionsPage() {
  const ledger = useLedger()
  const [params, setParams] = useSearchParams()
  const filters = filtersFrom(params)
  const filtered = params.size > 0
  const transactions = useTransactionList(ledger.id, filters)
  const accounts = useAccountSuggestions(ledger.id)
  const base = `/ledgers/${ledger.id}/transactions`

  return (
    <section aria-labelledby="transactions-title" className="transactions">
      <PageHeading id="transactions-title" title="Transactions">
        <Link className="button primary" to={`${base}/new`}>New transaction</Link>
      </PageHeading>
      <datalist id="transaction-filter-accounts">
        {(accounts.data ?? []).map((account) => <option key={account.code} value={account.code}>{account.name}</option>)}
      </datalist>
      <details className="filters-box" open={filtered || undefined}>
        <summary>Filters{filtered ? ' (applied)' : ''}</summary>
        <TransactionFiltersForm key={params.toString()} filters={filters} errors={fieldErrors(transactions.error)}
          accountsListId="transaction-filter-accounts" onApply={(next) => setParams(paramsOf(next))} />
      </details>

      <QueryStates query={transactions} what="transactions" empty={transactions.items.length === 0 && <>{filtered ? 'No transaction matches these filters.' : 'No transactions yet. Post the first one.'}</>} />
      {transactions.items.length > 0 && (
        <TableScroll>
          <table className="transactions-table">
            <caption className="visually-hidden">Transactions of ledger {ledger.code}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col" className="number">Sequence</th>
                <th scope="col">Occurred</th>
                <th scope="col">State</th>
                <th scope="col">External id</th>
                <th scope="col">Accounts</th>
                <th scope="col" className="number">Amount</th>
              </tr>
            </thead>
            <tbody>
              {transactions.items.map((transaction) => <TransactionRow key={transaction.id} base={base} transaction={transaction} />)}
            </tbody>
          </table>
        </TableScroll>
      )}
      <LoadMore pages={transactions} />
    </section>
  )
}

function TransactionRow({ base, transaction }: { base: string; transaction: Transaction }) {
  const state = stateOf(transaction)
  return (
    <tr>
      <td><Link to={`${base}/${transaction.id}`} title={transaction.id}><code>{transaction.id.slice(0, 8)}</code></Link></td>
      <td className="number">{transaction.sequence}</td>
      <td><DateTime value={transaction.occurred_at} /></td>
      <td>
        <Badge {...stateBadge(state)}>{state}</Badge>
        {transaction.reversed_by.length > 0 && <Badge {...stateBadge('reversed')}>reversed</Badge>}
        {transaction.status === 'pending' && transaction.expires_at && (
          <span className="note"> until <DateTime value={transaction.expires_at} /></span>
        )}
      </td>
      <td>{transaction.external_id ?? '—'}</td>
      <td className="accounts">
        {transaction.postings.map((posting, index) => (
          <span key={index} className={`posting-chip ${posting.direction}`}>
            {posting.direction === 'debit' ? 'Dr' : 'Cr'} <code>{posting.account_code}</code>
          </span>
        ))}
      </td>
      <td className="number">
        {debitTotals(transaction.postings).map((total) => (
          <div key={total.currency}><Money amount={total.amount} currency={total.currency} /></div>
        ))}
      </td>
    </tr>
  )
}
