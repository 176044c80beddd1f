import { useState } from 'react'
import { SecretOnce } from '../../components/SecretOnce'
import { Empty, ErrorMessage, Loading } from '../../shell/States'
import { NewOAuthClientForm } from './NewOAuthClientForm'
import { OAuthClientRow } from './OAuthClientRow'
import { ProjectPicker } from './ProjectPicker'
import { useChosenProject } from './chosenProject'
import { useOAuthClients } from './queries'
import type { IssuedOAuthClient } from './types'
import './credentials.css'
import { PageHeading } from '../../components/PageHeading'
import { TableScroll } from '../../components/TableScroll'

/** A project's OAuth2 clients (client credentials grant); a secret is shown once, when it is issued. */
export function OAuthClientsPage() {
  const [projectId, setProjectId] = useChosenProject()
  const [creating, setCreating] = useState(false)
  const [issued, setIssued] = useState<IssuedOAuthClient | null>(null)

  function choose(next: string) {
    setProjectId(next)
    setCreating(false)
  }

  return (
    <section aria-labelledby="clients-title" className="credentials">
      <PageHeading id="clients-title" title="OAuth clients">
        {projectId && !creating && <button type="button" className="primary" onClick={() => { setCreating(true); setIssued(null) }}>New OAuth client</button>}
      </PageHeading>
      <p className="note">A client gets access tokens at <code>/oauth/token</code> with its client id and secret (client credentials grant).</p>
      <ProjectPicker projectId={projectId} onChange={choose} what="OAuth clients" />
      {issued && (
        <div className="issued">
          <p>Client id of <strong>{issued.name}</strong>: <code>{issued.client_id}</code></p>
          <SecretOnce what="client secret" secret={issued.client_secret} onDone={() => setIssued(null)} />
        </div>
      )}
      {projectId && creating && (
        <NewOAuthClientForm projectId={projectId} onCancel={() => setCreating(false)}
          onCreated={(client) => { setCreating(false); setIssued(client) }} />
      )}
      {projectId && <ClientList projectId={projectId} onIssued={setIssued} />}
    </section>
  )
}

function ClientList({ projectId, onIssued }: { projectId: string; onIssued: (client: IssuedOAuthClient) => void }) {
  const clients = useOAuthClients(projectId)
  if (clients.isPending) {
    return <Loading what="OAuth clients" />
  }
  if (clients.isError) {
    return <ErrorMessage error={clients.error} />
  }
  if (clients.data.data.length === 0) {
    return <Empty>This project has no OAuth clients yet.</Empty>
  }
  return (
    <TableScroll>
      <table>
        <caption className="visually-hidden">OAuth clients of the project</caption>
        <thead>
          <tr>
            <th scope="col">Name</th><th scope="col">Client id</th><th scope="col">Scopes</th><th scope="col">Ledgers</th>
            <th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Secret rotated</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {clients.data.data.map((client) => <OAuthClientRow key={client.id} client={client} onIssued={onIssued} />)}
        </tbody>
      </table>
    </TableScroll>
  )
}
