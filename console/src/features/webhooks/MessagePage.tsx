import { Link, useParams } from 'react-router'
import { DateTime } from '../../components/DateTime'
import { LoadMore } from '../../components/LoadMore'
import { useLedger } from '../../shell/ledgers'
import { Empty, ErrorMessage, Loading, QueryStates } from '../../shell/States'
import { useEndpoints, useMessage, useMessageAttempts } from './api'
import { AttemptsTable } from './AttemptsTable'
import { ResendButton } from './ResendButton'
import { DeliveryState, WebhooksNav } from './parts'
import { webhooksPaths } from './paths'
import type { MessageDetail } from './types'
import './webhooks.css'
import { TableScroll } from '../../components/TableScroll'

/** The URL of an endpoint of the ledger by its id (the id itself once the endpoint is deleted). */
function useEndpointUrls(ledgerId: string) {
  const endpoints = useEndpoints(ledgerId)
  const urls = new Map(endpoints.items.map((endpoint) => [endpoint.id, endpoint.url]))
  return (endpointId: string) => urls.get(endpointId) ?? endpointId
}

/** One message: its payload, its delivery to each endpoint (with resend), and every attempt made. */
export function MessagePage() {
  const ledger = useLedger()
  const { messageId = '' } = useParams()
  const message = useMessage(ledger.id, messageId)

  return (
    <section aria-labelledby="message-title" className="webhooks">
      <WebhooksNav ledgerId={ledger.id} />
      {message.isPending && <Loading what="the message" />}
      {message.isError && (
        <>
          <h1 id="message-title">Message</h1>
          <ErrorMessage error={message.error} />
          <p><Link to={webhooksPaths.messages(ledger.id)}>Back to the delivery log</Link></p>
        </>
      )}
      {message.data && <MessageDetails ledgerId={ledger.id} message={message.data} />}
    </section>
  )
}

function MessageDetails({ ledgerId, message }: { ledgerId: string; message: MessageDetail }) {
  const urlOf = useEndpointUrls(ledgerId)
  const attempts = useMessageAttempts(ledgerId, message.id)

  return (
    <>
      <p className="eyebrow">Message <code>{message.id}</code></p>
      <h1 id="message-title"><code>{message.event_type}</code></h1>
      <p>Received <DateTime value={message.received_at} /></p>

      <section aria-labelledby="deliveries-title" className="panel">
        <h2 id="deliveries-title">Deliveries</h2>
        {message.deliveries.length === 0 ? (
          <Empty>No endpoint subscribed to this event when it arrived.</Empty>
        ) : (
          <TableScroll>
            <table>
              <caption className="visually-hidden">Deliveries of this message, one per endpoint</caption>
              <thead>
                <tr>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="number">Attempts</th>
                  <th scope="col">Last attempt</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col"><span className="visually-hidden">Resend</span></th>
                </tr>
              </thead>
              <tbody>
                {message.deliveries.map((delivery) => (
                  <tr key={delivery.endpoint_id}>
                    <td className="url">
                      <Link to={webhooksPaths.endpoint(ledgerId, delivery.endpoint_id)}>{urlOf(delivery.endpoint_id)}</Link>
                    </td>
                    <td><DeliveryState status={delivery.status} /></td>
                    <td className="number">{delivery.attempts}</td>
                    <td><DateTime value={delivery.last_attempt_at} /></td>
                    <td><DateTime value={delivery.next_attempt_at} /></td>
                    <td>
                      <ResendButton ledgerId={ledgerId} messageId={message.id} endpointId={delivery.endpoint_id}
                        endpointUrl={urlOf(delivery.endpoint_id)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="message-attempts-title" className="panel">
        <div className="panel-head">
          <h2 id="message-attempts-title">Attempts</h2>
          <button type="button" onClick={() => attempts.refetch()} disabled={attempts.isFetching}>
            {attempts.isFetching ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        <QueryStates query={attempts} what="the attempts" empty={attempts.items.length === 0 && 'No attempt yet.'} />
        {attempts.items.length > 0 && (
          <AttemptsTable ledgerId={ledgerId} attempts={attempts.items} endpointUrl={urlOf}
            caption="Attempts to deliver this message" />
        )}
        <LoadMore pages={attempts} />
      </section>

      <section aria-labelledby="payload-title" className="panel">
        <h2 id="payload-title">Payload</h2>
        <p className="note">The event envelope, the <code>data</code> of every request's body.</p>
        <pre className="body-block" tabIndex={0} aria-label="Event envelope">{JSON.stringify(message.payload, null, 2)}</pre>
      </section>
    </>
  )
}
