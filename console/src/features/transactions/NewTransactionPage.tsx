import { useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router'
import { useLedger } from '../../shell/ledgers'
import { ErrorMessage } from '../../shell/States'
import { TransactionForm } from './TransactionForm'
import { postTransaction, useAccountSuggestions } from './queries'
import type { NewTransaction, TransactionWritten } from './types'
import './transactions.css'

export function NewTransactionPage() {
  const ledger = useLedger()
  const accounts = useAccountSuggestions(ledger.id)
  const navigate = useNavigate()
  const queryClient = useQueryClient()

  function posted(written: TransactionWritten) {
    void queryClient.invalidateQueries({ queryKey: ['ledgers', ledger.id] })
    // the read model may not show it yet: the detail page waits for this sequence
    navigate(`/ledgers/${ledger.id}/transactions/${written.transaction_id}`,
      { state: { minSequence: written.ledger_sequence } })
  }

  return (
    <section aria-labelledby="new-transaction-title" className="new-transaction">
      <p><Link to={`/ledgers/${ledger.id}/transactions`}>← Transactions</Link></p>
      <h1 id="new-transaction-title">New transaction</h1>
      <p className="note">
        Postings in {ledger.currency} unless you say otherwise. Debits must equal credits in each currency.
      </p>
      {accounts.isError && <ErrorMessage error={accounts.error} />}
      <TransactionForm ledgerCurrency={ledger.currency} accounts={accounts.data ?? []}
        submit={(request: NewTransaction) => postTransaction(ledger.id, request)} onPosted={posted} />
    </section>
  )
}
