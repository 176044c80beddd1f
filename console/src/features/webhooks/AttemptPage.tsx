import { Link, useParams } from 'react-router'
import { DateTime } from '../../components/DateTime'
import { useLedger } from '../../shell/ledgers'
import { ErrorMessage, Loading } from '../../shell/States'
import { useAttempt } from './api'
import { BodyBlock, HeadersTable, HttpStatus, Milliseconds, WebhooksNav } from './parts'
import { webhooksPaths } from './paths'
import { ResendButton } from './ResendButton'
import type { AttemptDetail } from './types'
import './webhooks.css'

/** One attempt whole: the request sent and the answer, as far as the log keeps them. */
export function AttemptPage() {
  const ledger = useLedger()
  const { messageId = '', attemptId = '' } = useParams()
  const attempt = useAttempt(ledger.id, messageId, attemptId)

  return (
    <section aria-labelledby="attempt-title" className="webhooks">
      <WebhooksNav ledgerId={ledger.id} />
      {attempt.isPending && <Loading what="the attempt" />}
      {attempt.isError && (
        <>
          <h1 id="attempt-title">Attempt</h1>
          <ErrorMessage error={attempt.error} />
        </>
      )}
      {attempt.data && <AttemptDetails ledgerId={ledger.id} attempt={attempt.data} />}
      <p><Link to={webhooksPaths.message(ledger.id, messageId)}>Back to the message</Link></p>
    </section>
  )
}

function AttemptDetails({ ledgerId, attempt }: { ledgerId: string; attempt: AttemptDetail }) {
  const { request, response } = attempt
  return (
    <>
      <p className="eyebrow">Message <code>{attempt.message_id}</code></p>
      <h1 id="attempt-title">Attempt {attempt.attempt_number}</h1>
      <dl className="settings">
        <div><dt>Attempted at</dt><dd><DateTime value={attempt.attempted_at} /></dd></div>
        <div><dt>Duration</dt><dd><Milliseconds value={attempt.duration_ms} /></dd></div>
        <div><dt>Response status</dt><dd><HttpStatus status={response.status} /></dd></div>
        <div><dt>Error</dt><dd>{attempt.error ?? 'none'}</dd></div>
      </dl>
      <p>
        <ResendButton ledgerId={ledgerId} messageId={attempt.message_id} endpointId={attempt.endpoint_id}
          endpointUrl={request.url} />
      </p>

      <section aria-labelledby="request-title" className="panel">
        <h2 id="request-title">Request</h2>
        <p className="mono wrap">{request.method} {request.url}</p>
        <h3>Request headers</h3>
        {request.headers
          ? <HeadersTable headers={request.headers} caption="Request headers" />
          : <p className="note">Kept only for failed attempts made.</p>}
        <h3>Request body</h3>
        <BodyBlock body={request.body} label="Request body" />
      </section>

      <section aria-labelledby="response-title" className="panel">
        <h2 id="response-title">Response</h2>
        <p>Status <HttpStatus status={response.status} /></p>
        <h3>Response headers</h3>
        {response.headers
          ? <HeadersTable headers={response.headers} caption="Response headers" />
          : <p className="note">{response.status === null ? 'No answer.' : 'Kept only for failed attempts.'}</p>}
        <h3>Response body</h3>
        <BodyBlock body={response.body} label="Response body" />
        {response.truncated && <p className="note">Only the first 20 KiB of the body are kept.</p>}
      </section>
    </>
  )
}
