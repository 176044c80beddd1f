import { NavLink } from 'react-router'
import { DateTime } from '../../components/DateTime'
import { webhooksPaths } from './paths'
import type { DeliveryStatus, LoggedHeaders, WebhookEndpoint } from './types'
import { Badge, type Tone } from '../../components/Badge'
import { TableScroll } from '../../components/TableScroll'

/** The two halves of a ledger's webhooks: its endpoints and the log of what was delivered. */
export function WebhooksNav({ ledgerId }: { ledgerId: string }) {
  return (
    <nav aria-label="Webhooks" className="webhooks-nav">
      <NavLink end to={webhooksPaths.endpoints(ledgerId)}>Endpoints</NavLink>
      <NavLink to={webhooksPaths.messages(ledgerId)}>Delivery log</NavLink>
    </nav>
  )
}

/** Enabled, failing since when, or disabled and why. */
export function EndpointState({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (!endpoint.enabled) {
    return (
      <Badge tone="bad">
        Disabled{endpoint.disabled_at && <> since <DateTime value={endpoint.disabled_at} /></>}
        {endpoint.disabled_reason && <span className="reason">: {endpoint.disabled_reason}</span>}
      </Badge>
    )
  }
  if (endpoint.failing_since) {
    return <Badge tone="waiting">Failing since <DateTime value={endpoint.failing_since} /></Badge>
  }
  return <Badge tone="good">Enabled</Badge>
}

const DELIVERY_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed',
}

const DELIVERY_TONES: Record<DeliveryStatus, Tone> = { pending: 'waiting', succeeded: 'good', failed: 'bad' }

export function DeliveryState({ status }: { status: DeliveryStatus }) {
  return <Badge tone={DELIVERY_TONES[status]}>{DELIVERY_LABELS[status]}</Badge>
}

/** The endpoint's answer: its HTTP status, or that there was none. */
export function HttpStatus({ status }: { status: number | null }) {
  if (status === null) {
    return <span className="http-status none">no answer</span>
  }
  const ok = status >= 200 && status < 300
  return <span className={`http-status ${ok ? 'ok' : 'bad'}`}>{status}</span>
}

export function Milliseconds({ value }: { value: number | null }) {
  return <span className="number">{value === null ? '—' : `${value} ms`}</span>
}

/** Logged headers (name → value or values) as a table; names as the log keeps them. */
export function HeadersTable({ headers, caption }: { headers: LoggedHeaders; caption: string }) {
  const entries = Object.entries(headers)
  if (entries.length === 0) {
    return <p className="note">No headers.</p>
  }
  return (
    <TableScroll>
      <table className="headers-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead><tr><th scope="col">Header</th><th scope="col">Value</th></tr></thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row"><code>{name}</code></th>
              <td className="mono wrap">{Array.isArray(value) ? value.join(', ') : String(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/** A body exactly as it was sent or received (re-formatting could change what a receiver saw). */
export function BodyBlock({ body, label }: { body: string | null; label: string }) {
  if (body === null || body === '') {
    return <p className="note">{body === null ? 'Not kept.' : 'Empty.'}</p>
  }
  return <pre className="body-block" aria-label={label} tabIndex={0}>{body}</pre>
}
