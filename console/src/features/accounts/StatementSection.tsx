import { Link } from 'react-router'
import { withQuery } from '../../api/client'
import { useCursorPages } from '../../api/cursorPages'
import { DateTime } from '../../components/DateTime'
import { DownloadButton } from '../../components/Download'
import { LoadMore } from '../../components/LoadMore'
import { Money } from '../../components/Money'
import { Empty, ErrorMessage, Loading } from '../../shell/States'
import { accountPath } from './queries'
import type { Statement, StatementLine } from './types'
import { PageHeading } from '../../components/PageHeading'
import { TableScroll } from '../../components/TableScroll'

interface Props {
  ledgerId: string
  code: string
  from?: string
  to?: string
  /** the period as the person chose it, for the file's name */
  label: string
}

const EVENT_LABELS: Record<string, string> = {
  'transaction.posted': 'posted',
  'transaction.committed': 'committed',
  'transaction.reversed': 'reversal',
}

/** The account's statement for the period: opening, each posting with the balance after it, closing; and its CSV. */
export function StatementSection({ ledgerId, code, from, to, label }: Props) {
  const path = `${accountPath(ledgerId, code)}/statement`
  const pages = useCursorPages<StatementLine>(['ledgers', ledgerId, 'accounts', 'statement', code, from, to],
    (cursor) => withQuery(path, { from, to, limit: 100, cursor }), Boolean(from && to))
  const first = pages.data?.pages[0] as Statement | undefined

  return (
    <section aria-labelledby="statement-title" className="statement">
      <PageHeading id="statement-title" level={2} title="Statement">
        {from && to && (
          <DownloadButton path={withQuery(path, { from, to })} filename={`statement-${code.replace(/[^A-Za-z0-9_.-]/g, '_')}-${label}.csv`} />
        )}
      </PageHeading>
      {pages.isPending && pages.fetchStatus !== 'idle' && <Loading what="the statement" />}
      {pages.isError && <ErrorMessage error={pages.error} />}
      {first && (
        <>
          <dl className="statement-summary">
            <div><dt>Opening balance</dt><dd><Money amount={first.opening_balance} currency={first.currency} /></dd></div>
            <div><dt>Total debits</dt><dd><Money amount={first.total_debits} currency={first.currency} /></dd></div>
            <div><dt>Total credits</dt><dd><Money amount={first.total_credits} currency={first.currency} /></dd></div>
            <div><dt>Closing balance</dt><dd><Money amount={first.closing_balance} currency={first.currency} /></dd></div>
            <div><dt>Held at the end (debits / credits)</dt><dd>
              <Money amount={first.pending.debits} currency={first.currency} /> / <Money amount={first.pending.credits} currency={first.currency} />
            </dd></div>
          </dl>
          {pages.items.length === 0 ? <Empty>No postings in this period.</Empty> : (
            <TableScroll>
              <table className="statement-lines">
                <caption className="visually-hidden">Postings of the period with the balance after each</caption>
                <thead>
                  <tr>
                    <th scope="col">Effective</th>
                    <th scope="col">Transaction</th>
                    <th scope="col">Event</th>
                    <th scope="col" className="number">Debit</th>
                    <th scope="col" className="number">Credit</th>
                    <th scope="col" className="number">Balance</th>
                  </tr>
                </thead>
                <tbody>
                  {pages.items.map((line) => (
                    <tr key={`${line.sequence}:${line.transaction_id}:${line.posting}`}>
                      <td><DateTime value={line.effective_at} /></td>
                      <td><Link to={`../../transactions/${line.transaction_id}`} relative="path"><code>{line.transaction_id.slice(0, 8)}</code></Link></td>
                      <td>{EVENT_LABELS[line.event_type] ?? line.event_type}</td>
                      <td className="number">{line.direction === 'debit' && <Money amount={line.amount} currency={first.currency} />}</td>
                      <td className="number">{line.direction === 'credit' && <Money amount={line.amount} currency={first.currency} />}</td>
                      <td className="number"><Money amount={line.balance} currency={first.currency} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <LoadMore pages={pages} />
        </>
      )}
    </section>
  )
}
