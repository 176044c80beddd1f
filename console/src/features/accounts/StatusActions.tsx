import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorMessage } from '../../shell/States'
import { useUpdateAccount } from './queries'
import type { Account } from './types'

/** Freeze (postings refused until reopened), reopen, or close for good (only an empty account). */
export function StatusActions({ ledgerId, account }: { ledgerId: string; account: Account }) {
  const update = useUpdateAccount(ledgerId, account.code)
  const setStatus = (status: Account['status']) => update.mutateAsync({ status })

  if (account.status === 'closed') {
    return <p className="note">This account is closed: it takes no postings, for good.</p>
  }
  return (
    <div className="status-actions">
      {account.status === 'open' && (
        <ConfirmButton label="Freeze" title={`Freeze ${account.code}?`} danger={false}
          onConfirm={() => setStatus('frozen')}>
          Postings to the account are refused until it is reopened. Pending holds stay as they are.
        </ConfirmButton>
      )}
      {account.status === 'frozen' && (
        <button type="button" onClick={() => update.mutate({ status: 'open' })} disabled={update.isPending}>Reopen</button>
      )}
      <ConfirmButton label="Close account" title={`Close ${account.code} for good?`} confirmLabel="Close"
        onConfirm={() => setStatus('closed')}>
        A closed account never takes a posting again and cannot be reopened. Only an account whose posted balance is
        zero and that has no pending holds can be closed.
      </ConfirmButton>
      {account.status === 'frozen' && update.isError && <ErrorMessage error={update.error} />}
    </div>
  )
}
