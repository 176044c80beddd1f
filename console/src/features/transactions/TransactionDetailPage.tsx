import { useState } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { DateTime } from '../../components/DateTime'
import { Money } from '../../components/Money'
import { useLedger } from '../../shell/ledgers'
import { ErrorMessage, Notice, QueryStates } from '../../shell/States'
import { AmountsAction } from './AmountsAction'
import { commitHold, reverseTransaction, useRecordingEvent, useRefreshAfterWrite, useTransaction, voidHold } from './queries'
import { held, isNothing, leftToReverse, stateBadge, stateOf } from './status'
import type { Transaction, TransactionWritten } from './types'
import './transactions.css'
import { Badge } from '../../components/Badge'
import { TableScroll } from '../../components/TableScroll'

export function TransactionDetailPage() {
  const ledger = useLedger()
  const { transactionId = '' } = useParams()
  const minSequence = (useLocation().state as { minSequence?: number } | null)?.minSequence
  const transaction = useTransaction(ledger.id, transactionId, minSequence)

  return (
    <section aria-labelledby="transaction-title" className="transaction-detail">
      <p><Link to={`/ledgers/${ledger.id}/transactions`}>← Transactions</Link></p>
      <h1 id="transaction-title">Transaction</h1>
      <QueryStates query={transaction} what="the transaction" />
      {transaction.data && <TransactionView key={transaction.data.id} transaction={transaction.data} />}
    </section>
  )
}

function TransactionView({ transaction }: { transaction: Transaction }) {
  const ledger = useLedger()
  const state = stateOf(transaction)
  const link = (id: string) => `/ledgers/${ledger.id}/transactions/${id}`

  return (
    <>
      <p className="transaction-id"><code>{transaction.id}</code> <Badge {...stateBadge(state)}>{state}</Badge></p>
      <dl className="facts">
        <dt>Sequence</dt><dd>{transaction.sequence}</dd>
        <dt>Status</dt><dd>{transaction.status}{transaction.reversed_by.length > 0 && ' (reversed)'}</dd>
        <dt>External id</dt><dd>{transaction.external_id ?? '—'}</dd>
        <dt>Idempotency key</dt><dd><code>{transaction.idempotency_key}</code></dd>
        <dt>Currency</dt><dd>{transaction.currency}</dd>
        <dt>Occurred at</dt><dd><DateTime value={transaction.occurred_at} /></dd>
        <dt>Recorded at</dt><dd><DateTime value={transaction.recorded_at} /></dd>
        {(transaction.status === 'pending' || transaction.expires_at) && (
          <><dt>Hold expires at</dt><dd>{transaction.expires_at ? <DateTime value={transaction.expires_at} /> : 'never'}</dd></>
        )}
        {transaction.committed_at && <><dt>Committed at</dt><dd><DateTime value={transaction.committed_at} /></dd></>}
        {transaction.voided_at && (
          <><dt>Voided at</dt><dd><DateTime value={transaction.voided_at} /> ({transaction.void_reason === 'expired' ? 'expired' : 'voided'})</dd></>
        )}
        {transaction.reversal_of && (
          <><dt>Reverses</dt><dd><Link to={link(transaction.reversal_of)}><code>{transaction.reversal_of}</code></Link></dd></>
        )}
        {transaction.reversed_by.length > 0 && (
          <><dt>Reversed by</dt><dd><ul className="plain">{transaction.reversed_by.map((id) => (
            <li key={id}><Link to={link(id)}><code>{id}</code></Link></li>))}</ul></dd></>
        )}
        {transaction.schedule_id && <><dt>Schedule</dt><dd><code>{transaction.schedule_id}</code></dd></>}
        <dt>Hash</dt><dd><RecordingHash sequence={transaction.sequence} /></dd>
      </dl>

      <h2>Postings</h2>
      <PostingsTable transaction={transaction} />

      <h2>Metadata</h2>
      {Object.keys(transaction.metadata).length === 0
        ? <p className="note">No metadata.</p>
        : <pre className="metadata mono">{JSON.stringify(transaction.metadata, null, 2)}</pre>}

      <TransactionActions transaction={transaction} />
    </>
  )
}

function RecordingHash({ sequence }: { sequence: number }) {
  const ledger = useLedger()
  const event = useRecordingEvent(ledger.id, sequence)
  if (event.isPending) {
    return <span className="note">Loading…</span>
  }
  if (event.isError) {
    return <ErrorMessage error={event.error} />
  }
  return event.data ? <code className="hash" title={`event ${event.data.event_id}`}>{event.data.hash}</code> : <span>—</span>
}

function PostingsTable({ transaction }: { transaction: Transaction }) {
  const ledger = useLedger()
  const wasHeld = transaction.postings.some((posting) => posting.pending_amount !== null)
  return (
    <TableScroll>
      <table className="postings-table">
        <caption className="visually-hidden">Postings of the transaction</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Direction</th>
            <th scope="col" className="number">Amount</th>
            <th scope="col">Currency</th>
            {wasHeld && <th scope="col" className="number">Held</th>}
            {wasHeld && <th scope="col" className="number">Released</th>}
            <th scope="col" className="number">Reversed</th>
          </tr>
        </thead>
        <tbody>
          {transaction.postings.map((posting, index) => (
            <tr key={index}>
              <td><Link to={`/ledgers/${ledger.id}/accounts/${encodeURIComponent(posting.account_code)}`}><code>{posting.account_code}</code></Link></td>
              <td>{posting.direction}</td>
              <td className="number"><Money amount={posting.amount} /></td>
              <td>{posting.currency}</td>
              {wasHeld && <td className="number"><Money amount={posting.pending_amount} /></td>}
              {wasHeld && <td className="number"><Money amount={posting.released} /></td>}
              <td className="number"><Money amount={posting.reversed_amount} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/** Commit or void a hold; reverse what is left of a posted transaction. */
function TransactionActions({ transaction }: { transaction: Transaction }) {
  const ledger = useLedger()
  const refresh = useRefreshAfterWrite(ledger.id)
  const [voidKey] = useState(() => crypto.randomUUID())
  const [reversal, setReversal] = useState<TransactionWritten | null>(null)

  if (transaction.status === 'pending') {
    const maxima = transaction.postings.map(held)
    return (
      <section aria-labelledby="hold-title" className="actions-section">
        <h2 id="hold-title">Hold</h2>
        <p>
          This transaction holds its amounts {transaction.expires_at
            ? <>until <DateTime value={transaction.expires_at} />, when the ledger voids it unless it is committed</>
            : 'until it is committed or voided'}. Commit all of it or less (the rest is released), or void it.
        </p>
        <AmountsAction id="commit" verb="commit" label="Commit hold" title="Commit this hold?"
          description="The amounts below are posted and the rest of the hold is released. This cannot be undone."
          postings={transaction.postings} maxima={maxima}
          send={async (body) => {
            const written = await commitHold(ledger.id, transaction.id, body)
            await refresh(transaction.id, written.ledger_sequence)
          }} />
        <div className="void-action">
          <ConfirmButton label="Void hold" title="Void this hold?"
            onConfirm={async () => {
              const written = await voidHold(ledger.id, transaction.id, voidKey)
              await refresh(transaction.id, written.ledger_sequence)
            }}>
            Its whole hold is released and nothing is posted. This cannot be undone.
          </ConfirmButton>
        </div>
      </section>
    )
  }

  const maxima = transaction.postings.map(leftToReverse)
  const anythingLeft = transaction.status === 'posted' && maxima.some((left) => !isNothing(left))
  return (
    <section aria-labelledby="reverse-title" className="actions-section">
      <h2 id="reverse-title">Reversal</h2>
      {reversal && (
        <Notice>
          Reversal posted: <Link to={`/ledgers/${ledger.id}/transactions/${reversal.transaction_id}`}
            state={{ minSequence: reversal.ledger_sequence }}><code>{reversal.transaction_id}</code></Link>
        </Notice>
      )}
      {transaction.status === 'voided' && <p className="note">A voided hold posted nothing, so there is nothing to reverse.</p>}
      {transaction.status === 'posted' && !anythingLeft && <p className="note">Everything this transaction posted has been reversed.</p>}
      {anythingLeft && (
        <AmountsAction key={transaction.reversed_by.length} id="reverse" verb="reverse" label="Reverse"
          title="Reverse this transaction?"
          description="A new transaction posts the amounts below in the other direction. It cannot be undone, only reversed in turn."
          postings={transaction.postings} maxima={maxima}
          send={async (body) => {
            const written = await reverseTransaction(ledger.id, transaction.id, body)
            setReversal(written)
            await refresh(transaction.id, written.ledger_sequence)
          }} />
      )}
    </section>
  )
}
