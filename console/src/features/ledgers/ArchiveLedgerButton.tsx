import { ConfirmButton } from '../../components/ConfirmButton'
import { archiveLedger, useLedgerChange } from './queries'
import type { ListedLedger } from './types'

/** Archiving, with what it means said before it is done: it is final. */
export function ArchiveLedgerButton({ ledger }: { ledger: ListedLedger }) {
  const archive = useLedgerChange(archiveLedger)
  return (
    <ConfirmButton label="Archive" title={`Archive the ledger ${ledger.code}?`} confirmLabel="Archive for good"
      onConfirm={() => archive.mutateAsync(ledger.id)}>
      <p>Archiving is <strong>final</strong>: an archived ledger cannot be brought back.</p>
      <ul>
        <li>Every write is refused from then on: transactions, commits and voids of holds, reversals, accounts, assets and schedules.</li>
        <li>Pending holds stay pending for ever (they no longer expire) and schedules stop running: commit or void the holds and cancel the schedules you still need first.</li>
        <li>Its accounts, transactions, reports and history can still be read.</li>
      </ul>
    </ConfirmButton>
  )
}
