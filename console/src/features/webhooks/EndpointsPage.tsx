import { Link } from 'react-router'
import { LoadMore } from '../../components/LoadMore'
import { useLedger } from '../../shell/ledgers'
import { QueryStates } from '../../shell/States'
import { useEndpointStats, useEndpoints } from './api'
import { describeSubscription } from './eventTypes'
import { formatRate } from './format'
import { EndpointState, Milliseconds, WebhooksNav } from './parts'
import { webhooksPaths } from './paths'
import './webhooks.css'
import { PageHeading } from '../../components/PageHeading'
import { TableScroll } from '../../components/TableScroll'

/** An endpoint's last 24 hours in one cell: attempts, success rate, latency, and what waits. */
function StatsAtAGlance({ ledgerId, endpointId }: { ledgerId: string; endpointId: string }) {
  const stats = useEndpointStats(ledgerId, endpointId, '24h')
  if (stats.isPending) {
    return <span className="note">…</span>
  }
  if (stats.isError) {
    return <span className="error">{stats.error.message}</span>
  }
  const { attempts, success_rate, average_latency_ms, queue } = stats.data
  if (attempts === 0 && queue.pending === 0) {
    return <span className="note">No attempts</span>
  }
  return (
    <span className="glance">
      {attempts} {attempts === 1 ? 'attempt' : 'attempts'} · {formatRate(success_rate)} ok · <Milliseconds value={average_latency_ms} /> avg
      {queue.pending > 0 && <> · {queue.pending} pending</>}
    </span>
  )
}

/** The ledger's webhook endpoints, each with its state and its last 24 hours at a glance. */
export function EndpointsPage() {
  const ledger = useLedger()
  const endpoints = useEndpoints(ledger.id)

  return (
    <section aria-labelledby="endpoints-title" className="webhooks">
      <WebhooksNav ledgerId={ledger.id} />
      <PageHeading id="endpoints-title" title="Webhook endpoints">
        <Link className="button primary" to={webhooksPaths.newEndpoint(ledger.id)}>Register an endpoint</Link>
      </PageHeading>
      <p className="note">Every event of the ledger, optionally filtered by type, is POSTed signed to each enabled
        endpoint and retried until it succeeds or its last attempt fails.</p>
      <QueryStates query={endpoints} what="the webhook endpoints" empty={endpoints.items.length === 0 && <>No webhook endpoints yet. Register one to receive this ledger's events.</>} />
      {endpoints.items.length > 0 && (
        <TableScroll>
          <table>
            <caption className="visually-hidden">Webhook endpoints of {ledger.name}</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Description</th>
                <th scope="col">State</th>
                <th scope="col">Event types</th>
                <th scope="col">Last 24 hours</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.items.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td className="url"><Link to={webhooksPaths.endpoint(ledger.id, endpoint.id)}>{endpoint.url}</Link></td>
                  <td>{endpoint.description ?? '—'}</td>
                  <td><EndpointState endpoint={endpoint} /></td>
                  <td>{describeSubscription(endpoint.event_types)}</td>
                  <td><StatsAtAGlance ledgerId={ledger.id} endpointId={endpoint.id} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <LoadMore pages={endpoints} />
    </section>
  )
}
