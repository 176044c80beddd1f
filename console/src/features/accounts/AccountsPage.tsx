import { useState } from 'react'
import { useHasScope } from '../../shell/signedIn'
import { useLedger } from '../../shell/ledgers'
import { Notice, QueryStates } from '../../shell/States'
import { AccountFilters } from './AccountFilters'
import { AccountTotals } from './AccountTotals'
import { AccountTree } from './AccountTree'
import { CreateAccountForm } from './CreateAccountForm'
import { useAllAccounts } from './queries'
import type { AccountFilters as Filters } from './types'
import './accounts.css'
import { PageHeading } from '../../components/PageHeading'

const isFiltered = (filters: Filters) => Object.values(filters).some(Boolean)

/** A ledger's accounts as a tree with their balances, the totals, the filters, and opening an account. */
export function AccountsPage() {
  const ledger = useLedger()
  const canWrite = useHasScope('ledger:write')
  const [filters, setFilters] = useState<Filters>({})
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<string>()
  const accounts = useAllAccounts(ledger.id, filters)

  return (
    <section aria-labelledby="accounts-title" className="accounts-page">
      <PageHeading id="accounts-title" title="Accounts">
        {canWrite && !creating && (
          <button type="button" className="primary" onClick={() => { setCreating(true); setCreated(undefined) }}>
            New account
          </button>
        )}
      </PageHeading>
      {created && <Notice>Account <code>{created}</code> opened.</Notice>}
      {creating && (
        <CreateAccountForm ledgerId={ledger.id} ledgerCurrency={ledger.currency}
          parentCodes={accounts.data?.map((account) => account.code) ?? []}
          onCreated={(account) => setCreated(account.code)} onSubmit={() => setCreated(undefined)}
          onCancel={() => setCreating(false)} />
      )}
      <AccountFilters value={filters} onApply={setFilters} />
      <QueryStates query={accounts} what="accounts" empty={accounts.data?.length === 0
        && (isFiltered(filters) ? 'No account matches these filters.' : 'No accounts yet. Open the first one with "New account".')} />
      {accounts.data && accounts.data.length > 0 && (
        <>
          <p className="note">{accounts.data.length} accounts{isFiltered(filters) ? ' match the filters' : ''}.</p>
          <AccountTree key={JSON.stringify(filters)} accounts={accounts.data} caption={`Accounts of ${ledger.name}`} />
          <AccountTotals accounts={accounts.data} />
        </>
      )}
    </section>
  )
}
