import { Link, useSearchParams } from 'react-router'
import { DateTime } from '../../components/DateTime'
import { fieldErrors } from '../../components/fieldErrors'
import { LoadMore } from '../../components/LoadMore'
import { useLedger } from '../../shell/ledgers'
import { QueryStates } from '../../shell/States'
import { useMessages, type MessageFilters as Filters } from './api'
import { MessageFilters } from './MessageFilters'
import { WebhooksNav } from './parts'
import { webhooksPaths } from './paths'
import type { WebhookMessage } from './types'
import './webhooks.css'
import { PageHeading } from '../../components/PageHeading'
import { TableScroll } from '../../components/TableScroll'

const FILTER_NAMES = ['event_type', 'since', 'until'] as const

/** What the message is about, in a few words: the id its event names (a transaction, an account, …). */
function subjectOf(message: WebhookMessage): string {
  const data = message.payload?.data
  if (data && typeof data === 'object') {
    const fields = data as Record<string, unknown>
    for (const key of ['transaction_id', 'code', 'endpoint_id', 'schedule_id']) {
      if (typeof fields[key] === 'string') {
        return `${key} ${fields[key]}`
      }
    }
  }
  return ''
}

/** The ledger's messages (every event, and the webhooks service's own), newest first, filtered and paged. */
export function MessagesPage() {
  const ledger = useLedger()
  const [params, setParams] = useSearchParams()
  const filters: Filters = Object.fromEntries(
    FILTER_NAMES.flatMap((name) => (params.get(name) ? [[name, params.get(name) as string]] : [])))
  const messages = useMessages(ledger.id, filters)
  const filtered = Object.keys(filters).length > 0

  return (
    <section aria-labelledby="messages-title" className="webhooks">
      <WebhooksNav ledgerId={ledger.id} />
      <PageHeading id="messages-title" title="Delivery log">
        <button type="button" onClick={() => messages.refetch()} disabled={messages.isFetching}>
          {messages.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </PageHeading>
      <p className="note">Every event of the ledger is kept as a message, with one delivery per endpoint it goes to.</p>
      <MessageFilters key={params.toString()} value={filters} errors={fieldErrors(messages.error)}
        onChange={(next) => setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value)))} />
      <QueryStates query={messages} what="the messages" empty={messages.items.length === 0 && <>{filtered ? 'No message matches these filters.' : 'No messages yet: they appear as the ledger records events.'}</>} />
      {messages.items.length > 0 && (
        <TableScroll>
          <table>
            <caption className="visually-hidden">Webhook messages of {ledger.name}</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event type</th>
                <th scope="col">About</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {messages.items.map((message) => (
                <tr key={message.id}>
                  <td><DateTime value={message.received_at} /></td>
                  <td><code>{message.event_type}</code></td>
                  <td className="mono">{subjectOf(message)}</td>
                  <td><Link className="mono" to={webhooksPaths.message(ledger.id, message.id)}>{message.id}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <LoadMore pages={messages} />
    </section>
  )
}
