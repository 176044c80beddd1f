import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { SecretOnce } from '../../components/SecretOnce'
import { useLedger } from '../../shell/ledgers'
import { useCreateEndpoint } from './api'
import { EMPTY_DRAFT } from './endpointDraft'
import { EndpointForm } from './EndpointForm'
import { WebhooksNav } from './parts'
import { webhooksPaths } from './paths'
import type { CreatedEndpoint } from './types'
import './webhooks.css'
import { Notice } from '../../shell/States'

/** Registers an endpoint, then shows its signing secret once. */
export function NewEndpointPage() {
  const ledger = useLedger()
  const navigate = useNavigate()
  const create = useCreateEndpoint(ledger.id)
  const [created, setCreated] = useState<CreatedEndpoint | null>(null)

  return (
    <section aria-labelledby="new-endpoint-title" className="webhooks">
      <WebhooksNav ledgerId={ledger.id} />
      <h1 id="new-endpoint-title">Register a webhook endpoint</h1>
      {created ? (
        <>
          <Notice>Endpoint <code>{created.url}</code> registered. Its requests are signed with this secret
            (Standard Webhooks): give it to the receiver to verify them.</Notice>
          <SecretOnce what="signing secret" secret={created.secret}
            onDone={() => navigate(webhooksPaths.endpoint(ledger.id, created.id))} />
        </>
      ) : (
        <>
          <p className="note">The URL must be http or https and resolve to a public address.</p>
          <EndpointForm initial={EMPTY_DRAFT} submitLabel="Register the endpoint" pending={create.isPending}
            error={create.error} onSubmit={(body) => create.mutate(body, { onSuccess: setCreated })} />
          <p><Link to={webhooksPaths.endpoints(ledger.id)}>Back to the endpoints</Link></p>
        </>
      )}
    </section>
  )
}
