import { Link } from 'react-router'
import { DateTime } from '../../components/DateTime'
import { Money } from '../../components/Money'
import { useLedger } from '../../shell/ledgers'
import { useHasScope } from '../../shell/signedIn'
import { ErrorMessage, Loading, QueryStates } from '../../shell/States'
import { DeclareAssetForm } from './DeclareAssetForm'
import { debitsByCurrency, useLatestTransactions, useOverview, useProjection } from './overviewQueries'
import { useAssets } from './queries'
import type { Activity, ListedLedger } from './types'
import './ledgers.css'
import { Badge } from '../../components/Badge'
import { TableScroll } from '../../components/TableScroll'

/** A ledger at a glance: its size and activity, its latest transactions, its read model's lag and its assets. */
export function LedgerOverviewPage() {
  const ledger = useLedger() as ListedLedger
  return (
    <section aria-labelledby="overview-title" className="ledger-overview">
      <h1 id="overview-title">
        {ledger.name}
        {ledger.archived_at && <Badge tone="over">Archived</Badge>}
      </h1>
      {ledger.archived_at && (
        <p className="note">Archived <DateTime value={ledger.archived_at} />: it takes no more writes, and can still be read.</p>
      )}
      <Figures ledgerId={ledger.id} />
      <div className="overview-grid">
        <LatestTransactions ledgerId={ledger.id} />
        <ProjectionLag ledgerId={ledger.id} />
      </div>
      <Assets ledgerId={ledger.id} writable={!ledger.archived_at} />
    </section>
  )
}

function Figures({ ledgerId }: { ledgerId: string }) {
  const overview = useOverview(ledgerId)
  if (overview.isPending) {
    return <Loading what="the ledger's figures" />
  }
  if (overview.isError) {
    return <ErrorMessage error={overview.error} />
  }
  const { accounts, last_24_hours: day, last_30_days: month } = overview.data
  return (
    <dl className="figures" aria-label="Figures">
      <div className="figure">
        <dt>Accounts</dt>
        <dd>{accounts.toLocaleString()}</dd>
      </div>
      <ActivityFigure label="Last 24 hours" activity={day} />
      <ActivityFigure label="Last 30 days" activity={month} />
    </dl>
  )
}

function ActivityFigure({ label, activity }: { label: string; activity: Activity }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>
        <span>{activity.transactions.toLocaleString()} {activity.transactions === 1 ? 'transaction' : 'transactions'}</span>
        {activity.volume.length === 0
          ? <span className="note">No volume</span>
          : activity.volume.map((volume) => (
            <span key={volume.currency} className="volume"><Money amount={volume.amount} currency={volume.currency} /></span>
          ))}
      </dd>
    </div>
  )
}

function LatestTransactions({ ledgerId }: { ledgerId: string }) {
  const latest = useLatestTransactions(ledgerId)
  return (
    <section aria-labelledby="latest-title">
      <h2 id="latest-title">Latest transactions</h2>
      <QueryStates query={latest} what="transactions" empty={latest.data?.data.length === 0 && 'No transactions yet.'} />
      {latest.data && latest.data.data.length > 0 && (
        <TableScroll>
          <table>
            <caption className="visually-hidden">Latest transactions</caption>
            <thead>
              <tr><th scope="col">Number</th><th scope="col">Recorded</th><th scope="col">Status</th><th scope="col" className="number">Amount</th></tr>
            </thead>
            <tbody>
              {latest.data.data.map((transaction) => (
                <tr key={transaction.id}>
                  <td>
                    <Link to={`/ledgers/${ledgerId}/transactions/${transaction.id}`}>
                      #{transaction.sequence}{transaction.external_id ? ` ${transaction.external_id}` : ''}
                    </Link>
                  </td>
                  <td><DateTime value={transaction.recorded_at} /></td>
                  <td>{transaction.status}</td>
                  <td className="number">
                    {debitsByCurrency(transaction).map((sum) => (
                      <div key={sum.currency}><Money amount={sum.amount} currency={sum.currency} /></div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}

const PROJECTION_STATUS: Record<string, string> = {
  current: 'Up to date',
  waiting: 'Waiting for an event that has not arrived yet',
  stopped: 'Stopped at a failed event: an operator must act',
}

function ProjectionLag({ ledgerId }: { ledgerId: string }) {
  const projection = useProjection(ledgerId)
  return (
    <section aria-labelledby="projection-title">
      <h2 id="projection-title">Read model</h2>
      <QueryStates query={projection} what="the projection" />
      {projection.data && (
        <dl className="facts">
          <dt>Status</dt>
          <dd className={`projection ${projection.data.status}`}>{PROJECTION_STATUS[projection.data.status] ?? projection.data.status}</dd>
          <dt>Events applied</dt>
          <dd>{projection.data.projected_sequence} of {projection.data.last_seen_sequence} received</dd>
          <dt>Behind</dt>
          <dd>{projection.data.events_behind} events, {String(projection.data.seconds_behind)} s</dd>
          <dt>Last applied</dt>
          <dd><DateTime value={projection.data.last_applied_at} /></dd>
          {projection.data.failed_events > 0 && (<><dt>Failed events</dt><dd>{projection.data.failed_events}</dd></>)}
        </dl>
      )}
    </section>
  )
}

function Assets({ ledgerId, writable }: { ledgerId: string; writable: boolean }) {
  const assets = useAssets(ledgerId)
  const canWrite = useHasScope('ledger:write')
  return (
    <section aria-labelledby="assets-title">
      <h2 id="assets-title">Assets</h2>
      <p className="note">Every ISO 4217 currency, and these assets the ledger declared.</p>
      <QueryStates query={assets} what="assets" empty={assets.data?.data.length === 0 && 'No custom assets.'} />
      {assets.data && assets.data.data.length > 0 && (
        <TableScroll>
          <table>
            <caption className="visually-hidden">Custom assets</caption>
            <thead><tr><th scope="col">Code</th><th scope="col">Decimal places</th><th scope="col">Declared</th></tr></thead>
            <tbody>
              {assets.data.data.map((asset) => (
                <tr key={asset.code}>
                  <td><code>{asset.code}</code></td>
                  <td>{asset.scale}</td>
                  <td><DateTime value={asset.declared_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {writable && canWrite && <DeclareAssetForm ledgerId={ledgerId} />}
    </section>
  )
}
