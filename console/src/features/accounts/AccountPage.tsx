import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { ApiError } from '../../api/client'
import { DateTime } from '../../components/DateTime'
import { Money } from '../../components/Money'
import { useLedger } from '../../shell/ledgers'
import { useHasScope } from '../../shell/signedIn'
import { ErrorMessage, Loading } from '../../shell/States'
import { BalanceChart } from './BalanceChart'
import { EditAccountForm } from './EditAccountForm'
import { PeriodPicker } from './PeriodPicker'
import { StatementSection } from './StatementSection'
import { StatusActions } from './StatusActions'
import { lastThirtyDays, periodOf } from './period'
import { useAccount } from './queries'
import { STATUS_TONE, type Account } from './types'
import './accounts.css'
import { PageHeading } from '../../components/PageHeading'
import { Badge } from '../../components/Badge'

/** One account: its details and balances, editing, its balance over a period and its statement with the CSV. */
export function AccountPage() {
  const { code = '' } = useParams()
  const ledger = useLedger()
  const account = useAccount(ledger.id, code)

  if (account.isPending) {
    return <Loading what={`account ${code}`} />
  }
  if (account.isError) {
    return (
      <section aria-labelledby="account-title">
        <h1 id="account-title">Account <code>{code}</code></h1>
        <ErrorMessage error={account.error} />
        {account.error instanceof ApiError && account.error.status === 404 && <Link to="..">Back to the accounts</Link>}
      </section>
    )
  }
  return <AccountView ledgerId={ledger.id} account={account.data} />
}

function AccountView({ ledgerId, account }: { ledgerId: string; account: Account }) {
  const canWrite = useHasScope('ledger:write')
  const [editing, setEditing] = useState(false)
  const [dates, setDates] = useState(lastThirtyDays)
  const period = periodOf(dates.from, dates.to)
  const { currency, balances, limits } = account

  return (
    <section aria-labelledby="account-title" className="account-page">
      <p className="eyebrow"><Link to=".." relative="path">Accounts</Link> / <code>{account.code}</code></p>
      <PageHeading id="account-title" title={account.name}>
        <Badge tone={STATUS_TONE[account.status]}>{account.status}</Badge>
      </PageHeading>

      <div className="account-panels">
        <section aria-labelledby="balances-title" className="panel">
          <h2 id="balances-title">Balances</h2>
          <dl className="figures">
            <div><dt>Posted</dt><dd><Money amount={balances.posted} currency={currency} /></dd></div>
            <div><dt>Available</dt><dd><Money amount={balances.available} currency={currency} /></dd></div>
            <div><dt>Pending debits</dt><dd><Money amount={balances.pending_debits} currency={currency} /></dd></div>
            <div><dt>Pending credits</dt><dd><Money amount={balances.pending_credits} currency={currency} /></dd></div>
            <div><dt>Debits</dt><dd><Money amount={account.debits} currency={currency} /></dd></div>
            <div><dt>Credits</dt><dd><Money amount={account.credits} currency={currency} /></dd></div>
          </dl>
        </section>
        <section aria-labelledby="details-title" className="panel">
          <h2 id="details-title">Details</h2>
          <dl className="details">
            <div><dt>Code</dt><dd><code>{account.code}</code></dd></div>
            <div><dt>Type</dt><dd>{account.type} (normal balance {account.normal_balance})</dd></div>
            <div><dt>Currency</dt><dd>{currency}</dd></div>
            <div><dt>Parent</dt><dd>{account.parent_code
              ? <Link to={`../${encodeURIComponent(account.parent_code)}`} relative="path"><code>{account.parent_code}</code></Link>
              : '—'}</dd></div>
            <div><dt>Minimum balance</dt><dd>{limits?.min_balance ? <Money amount={limits.min_balance} currency={currency} /> : 'unbounded'}</dd></div>
            <div><dt>Maximum balance</dt><dd>{limits?.max_balance ? <Money amount={limits.max_balance} currency={currency} /> : 'unbounded'}</dd></div>
            <div><dt>Version</dt><dd>{account.version}</dd></div>
            <div><dt>Opened</dt><dd><DateTime value={account.created_at} /></dd></div>
            <div><dt>Last change</dt><dd><DateTime value={account.updated_at} /></dd></div>
            <div><dt>Metadata</dt><dd>{Object.keys(account.metadata).length === 0 ? '—'
              : <pre className="mono metadata">{JSON.stringify(account.metadata, null, 2)}</pre>}</dd></div>
          </dl>
        </section>
      </div>

      {canWrite && (
        <div className="account-actions">
          {editing
            ? <EditAccountForm ledgerId={ledgerId} account={account} onDone={() => setEditing(false)} />
            : <button type="button" onClick={() => setEditing(true)}>Edit account</button>}
          {!editing && <StatusActions ledgerId={ledgerId} account={account} />}
        </div>
      )}

      <PeriodPicker value={dates} onChange={setDates} error={period.error} />
      <BalanceChart ledgerId={ledgerId} code={account.code} from={period.from} to={period.to} />
      <StatementSection ledgerId={ledgerId} code={account.code} from={period.from} to={period.to}
        label={`${dates.from}_${dates.to}`} />
    </section>
  )
}
