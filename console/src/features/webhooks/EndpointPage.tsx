import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useQueryClient } from '@tanstack/react-query'
import { ConfirmButton } from '../../components/ConfirmButton'
import { DateTime } from '../../components/DateTime'
import { LoadMore } from '../../components/LoadMore'
import { SecretOnce } from '../../components/SecretOnce'
import { useLedger } from '../../shell/ledgers'
import { ErrorMessage, Loading, Notice, QueryStates } from '../../shell/States'
import { useEndpoint, useEndpointActions, useEndpointAttempts, useUpdateEndpoint, webhookKeys } from './api'
import { AttemptsTable } from './AttemptsTable'
import { draftOf } from './endpointDraft'
import { EndpointForm } from './EndpointForm'
import { describeSubscription } from './eventTypes'
import { EndpointState, WebhooksNav } from './parts'
import { webhooksPaths } from './paths'
import { RecoverForm } from './RecoverForm'
import { StatsPanel } from './StatsPanel'
import type { TestMessage, WebhookEndpoint } from './types'
import './webhooks.css'

/** One endpoint: its settings (edit), what can be done to it, its statistics, recovery and delivery log. */
export function EndpointPage() {
  const ledger = useLedger()
  const { endpointId = '' } = useParams()
  const endpoint = useEndpoint(ledger.id, endpointId)

  return (
    <section aria-labelledby="endpoint-title" className="webhooks">
      <WebhooksNav ledgerId={ledger.id} />
      {endpoint.isPending && <Loading what="the endpoint" />}
      {endpoint.isError && (
        <>
          <h1 id="endpoint-title">Webhook endpoint</h1>
          <ErrorMessage error={endpoint.error} />
          <p><Link to={webhooksPaths.endpoints(ledger.id)}>Back to the endpoints</Link></p>
        </>
      )}
      {endpoint.data && <EndpointDetails ledgerId={ledger.id} endpoint={endpoint.data} />}
    </section>
  )
}

function EndpointDetails({ ledgerId, endpoint }: { ledgerId: string; endpoint: WebhookEndpoint }) {
  const [editing, setEditing] = useState(false)
  const update = useUpdateEndpoint(ledgerId, endpoint.id)
  const actions = useEndpointActions(ledgerId, endpoint.id)

  return (
    <>
      <p className="eyebrow">Webhook endpoint</p>
      <h1 id="endpoint-title" className="url">{endpoint.url}</h1>
      <p><EndpointState endpoint={endpoint} />{endpoint.description && <> · {endpoint.description}</>}</p>

      <section aria-labelledby="settings-title" className="panel">
        <div className="panel-head">
          <h2 id="settings-title">Settings</h2>
          {!editing && <button type="button" onClick={() => { update.reset(); setEditing(true) }}>Edit</button>}
        </div>
        {editing ? (
          <EndpointForm initial={draftOf(endpoint)} original={draftOf(endpoint)} submitLabel="Save changes"
            pending={update.isPending} error={update.error} onCancel={() => setEditing(false)}
            onSubmit={(body) => update.mutate(body, { onSuccess: () => setEditing(false) })} />
        ) : (
          <Settings endpoint={endpoint} />
        )}
      </section>

      <EndpointActions ledgerId={ledgerId} endpoint={endpoint} actions={actions} />
      <StatsPanel ledgerId={ledgerId} endpointId={endpoint.id} />
      <section className="panel"><RecoverForm recover={actions.recover} /></section>
      <EndpointAttempts ledgerId={ledgerId} endpointId={endpoint.id} />
    </>
  )
}

function Settings({ endpoint }: { endpoint: WebhookEndpoint }) {
  const headers = Object.entries(endpoint.headers ?? {})
  return (
    <dl className="settings">
      <div><dt>Event types</dt><dd>{describeSubscription(endpoint.event_types)}</dd></div>
      <div>
        <dt>Custom headers</dt>
        <dd>{headers.length === 0 ? 'none' : headers.map(([name, value]) => (
          <div key={name}><code>{name}: {value}</code></div>
        ))}</dd>
      </div>
      <div><dt>Rate limit</dt><dd>{endpoint.rate_limit === null ? 'no limit' : `${endpoint.rate_limit} per second`}</dd></div>
      <div><dt>Max in flight</dt><dd>{endpoint.max_in_flight ?? "the service's cap"}</dd></div>
      <div><dt>Strict order (FIFO)</dt><dd>{endpoint.fifo ? 'yes' : 'no'}</dd></div>
      <div><dt>Created</dt><dd><DateTime value={endpoint.created_at} /></dd></div>
      <div><dt>Updated</dt><dd><DateTime value={endpoint.updated_at} /></dd></div>
      {endpoint.previous_secret_expires_at && (
        <div><dt>Previous secret signs until</dt><dd><DateTime value={endpoint.previous_secret_expires_at} /></dd></div>
      )}
    </dl>
  )
}

interface ActionsProps {
  ledgerId: string
  endpoint: WebhookEndpoint
  actions: ReturnType<typeof useEndpointActions>
}

function EndpointActions({ ledgerId, endpoint, actions }: ActionsProps) {
  const navigate = useNavigate()
  const client = useQueryClient()
  const toggle = useUpdateEndpoint(ledgerId, endpoint.id)
  const [test, setTest] = useState<{ sent?: TestMessage; error?: unknown; pending?: boolean }>({})
  const [secret, setSecret] = useState<string | null>(null)

  async function sendTest() {
    setTest({ pending: true })
    try {
      setTest({ sent: await actions.sendTest() })
    } catch (error) {
      setTest({ error })
    }
  }

  async function remove() {
    await actions.remove()
    client.removeQueries({ queryKey: webhookKeys.endpoint(ledgerId, endpoint.id) })
    await client.invalidateQueries({ queryKey: webhookKeys.endpoints(ledgerId) })
    navigate(webhooksPaths.endpoints(ledgerId))
  }

  return (
    <section aria-labelledby="actions-title" className="panel">
      <h2 id="actions-title">Actions</h2>
      <div className="action-row">
        <button type="button" onClick={sendTest} disabled={test.pending || !endpoint.enabled}>
          {test.pending ? 'Sending…' : 'Send a test event'}
        </button>
        {endpoint.enabled ? (
          <ConfirmButton label="Disable" title="Disable this endpoint?" confirmLabel="Disable the endpoint"
            onConfirm={() => toggle.mutateAsync({ enabled: false })}>
            Its pending deliveries fail at once and nothing more is sent to it until it is enabled again. Deliveries
            that fail meanwhile stay failed (recover them after enabling it).
          </ConfirmButton>
        ) : (
          <button type="button" onClick={() => toggle.mutate({ enabled: true })} disabled={toggle.isPending}>
            Enable
          </button>
        )}
        <ConfirmButton label="Rotate the secret" title="Rotate the signing secret?" confirmLabel="Rotate"
          onConfirm={async () => setSecret((await actions.rotateSecret()).secret)}>
          A new signing secret replaces this one. For 24 hours the previous secret keeps signing too: every request
          carries both signatures, so the receiver can switch to the new secret at its own pace without losing a
          delivery. Rotating again within those 24 hours drops the oldest secret.
        </ConfirmButton>
        <ConfirmButton label="Delete" title={`Delete the endpoint ${endpoint.url}?`} confirmLabel="Delete the endpoint"
          onConfirm={remove}>
          Its pending deliveries, its delivery log and its statistics are deleted with it. This cannot be undone.
        </ConfirmButton>
      </div>
      {!endpoint.enabled && <p className="note">A disabled endpoint cannot be sent a test event.</p>}
      {toggle.isError && <ErrorMessage error={toggle.error} />}
      {test.error !== undefined && <ErrorMessage error={test.error} />}
      {test.sent && (
        <Notice>
          Test event queued: <Link to={webhooksPaths.message(ledgerId, test.sent.message_id)}>message {test.sent.message_id}</Link>.
        </Notice>
      )}
      {secret && (
        <SecretOnce what="signing secret" secret={secret} onDone={() => setSecret(null)} />
      )}
    </section>
  )
}

function EndpointAttempts({ ledgerId, endpointId }: { ledgerId: string; endpointId: string }) {
  const attempts = useEndpointAttempts(ledgerId, endpointId)
  const client = useQueryClient()
  // the endpoint's state and statistics move with its attempts: refresh them together
  const refresh = () => client.invalidateQueries({ queryKey: webhookKeys.endpoint(ledgerId, endpointId) })
  return (
    <section aria-labelledby="attempts-title" className="panel">
      <div className="panel-head">
        <h2 id="attempts-title">Delivery attempts</h2>
        <button type="button" onClick={refresh} disabled={attempts.isFetching}>
          {attempts.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <QueryStates query={attempts} what="the attempts" empty={attempts.items.length === 0 && 'Nothing has been sent to this endpoint yet.'} />
      {attempts.items.length > 0 && (
        <AttemptsTable ledgerId={ledgerId} attempts={attempts.items} caption="Delivery attempts to this endpoint" />
      )}
      <LoadMore pages={attempts} />
    </section>
  )
}
