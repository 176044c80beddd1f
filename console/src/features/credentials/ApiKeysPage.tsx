import { useState } from 'react'
import { SecretOnce } from '../../components/SecretOnce'
import { Empty, ErrorMessage, Loading } from '../../shell/States'
import { ApiKeyRow } from './ApiKeyRow'
import { NewApiKeyForm } from './NewApiKeyForm'
import { ProjectPicker } from './ProjectPicker'
import { useChosenProject } from './chosenProject'
import { useApiKeys } from './queries'
import type { IssuedApiKey } from './types'
import './credentials.css'
import { PageHeading } from '../../components/PageHeading'
import { TableScroll } from '../../components/TableScroll'

/** A project's API keys: created, listed, rotated and revoked; a key is shown once, when it is issued. */
export function ApiKeysPage() {
  const [projectId, setProjectId] = useChosenProject()
  const [creating, setCreating] = useState(false)
  const [issued, setIssued] = useState<IssuedApiKey | null>(null)

  function choose(next: string) {
    setProjectId(next)
    setCreating(false)
  }

  return (
    <section aria-labelledby="api-keys-title" className="credentials">
      <PageHeading id="api-keys-title" title="API keys">
        {projectId && !creating && <button type="button" className="primary" onClick={() => { setCreating(true); setIssued(null) }}>New API key</button>}
      </PageHeading>
      <p className="note">A key is a credential of one project for a server: send it as <code>Authorization: Bearer sk_…</code>, or exchange it for a token at <code>/oauth/token</code>.</p>
      <ProjectPicker projectId={projectId} onChange={choose} what="API keys" />
      {issued && (
        <SecretOnce what="API key" secret={issued.key} onDone={() => setIssued(null)} />
      )}
      {projectId && creating && (
        <NewApiKeyForm projectId={projectId} onCancel={() => setCreating(false)}
          onCreated={(key) => { setCreating(false); setIssued(key) }} />
      )}
      {projectId && <ApiKeyList projectId={projectId} onIssued={setIssued} />}
    </section>
  )
}

function ApiKeyList({ projectId, onIssued }: { projectId: string; onIssued: (key: IssuedApiKey) => void }) {
  const keys = useApiKeys(projectId)
  if (keys.isPending) {
    return <Loading what="API keys" />
  }
  if (keys.isError) {
    return <ErrorMessage error={keys.error} />
  }
  if (keys.data.data.length === 0) {
    return <Empty>This project has no API keys yet.</Empty>
  }
  return (
    <TableScroll>
      <table>
        <caption className="visually-hidden">API keys of the project</caption>
        <thead>
          <tr>
            <th scope="col">Key</th><th scope="col">Description</th><th scope="col">Scopes</th><th scope="col">Ledgers</th>
            <th scope="col">Status</th><th scope="col">Last used</th><th scope="col">Expires</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {keys.data.data.map((key) => <ApiKeyRow key={key.id} apiKey={key} onIssued={onIssued} />)}
        </tbody>
      </table>
    </TableScroll>
  )
}
