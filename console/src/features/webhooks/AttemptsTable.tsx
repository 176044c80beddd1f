import { Link } from 'react-router'
import { DateTime } from '../../components/DateTime'
import { DeliveryState, HttpStatus, Milliseconds } from './parts'
import { webhooksPaths } from './paths'
import type { Attempt } from './types'
import { TableScroll } from '../../components/TableScroll'

interface Props {
  ledgerId: string
  attempts: Attempt[]
  caption: string
  /** the endpoint column, where the attempts go to several endpoints */
  endpointUrl?: (endpointId: string) => string
}

/** Delivery attempts, newest first, each linking to its whole request and answer. */
export function AttemptsTable({ ledgerId, attempts, caption, endpointUrl }: Props) {
  return (
    <TableScroll>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Attempted at</th>
            {endpointUrl && <th scope="col">Endpoint</th>}
            <th scope="col">Event type</th>
            <th scope="col" className="number">Attempt</th>
            <th scope="col">Response</th>
            <th scope="col">Error</th>
            <th scope="col" className="number">Duration</th>
            <th scope="col">Delivery</th>
            <th scope="col"><span className="visually-hidden">Details</span></th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.id}>
              <td><DateTime value={attempt.attempted_at} /></td>
              {endpointUrl && <td className="url">{endpointUrl(attempt.endpoint_id)}</td>}
              <td><code>{attempt.event_type}</code></td>
              <td className="number">{attempt.attempt_number}</td>
              <td><HttpStatus status={attempt.response_status} /></td>
              <td>{attempt.error ?? '—'}</td>
              <td className="number"><Milliseconds value={attempt.duration_ms} /></td>
              <td><DeliveryState status={attempt.delivery_status} /></td>
              <td>
                <Link to={webhooksPaths.attempt(ledgerId, attempt.message_id, attempt.id)}>
                  Details<span className="visually-hidden"> of attempt {attempt.attempt_number}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
