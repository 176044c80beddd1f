import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { DateTime } from '../../components/DateTime'
import { useLedgers } from '../../shell/ledgers'
import { useHasScope, useSignedIn } from '../../shell/signedIn'
import { Empty, ErrorMessage, QueryStates } from '../../shell/States'
import { ArchiveLedgerButton } from './ArchiveLedgerButton'
import { NewLedgerForm } from './NewLedgerForm'
import { RenameLedger } from './RenameLedger'
import { useProjects } from './queries'
import type { ListedLedger, Project } from './types'
import './ledgers.css'
import { PageHeading } from '../../components/PageHeading'
import { Badge } from '../../components/Badge'
import { TableScroll } from '../../components/TableScroll'

/** The ledgers of the project chosen in the shell (or of every project), and, for owners, their administration. */
export function LedgersPage() {
  const ledgers = useLedgers()
  const { projectId } = useSignedIn()
  const isOwner = useHasScope('iam:admin')
  const projects = useProjects(isOwner)
  const navigate = useNavigate()
  const [creating, setCreating] = useState(false)
  const [renaming, setRenaming] = useState<string | null>(null)

  const projectOf = (id: string): Project | undefined => projects.data?.data.find((one) => one.id === id)
  const chosen = projectId ? projectOf(projectId) : undefined
  const shown = ((ledgers.data?.data ?? []) as ListedLedger[])
    .filter((ledger) => !projectId || ledger.project_id === projectId)

  return (
    <section aria-labelledby="ledgers-title" className="ledgers">
      <PageHeading id="ledgers-title" title="Ledgers">
        {isOwner && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}
            disabled={!projects.data?.data.length}>New ledger</button>
        )}
      </PageHeading>
      <p className="note">
        {projectId ? <>The ledgers of the project {chosen ? <strong>{chosen.name}</strong> : 'chosen'}.</> : 'The ledgers of every project of the organisation.'}
      </p>
      {isOwner && projects.data?.data.length === 0 && (
        <Empty>A ledger belongs to a project, and this organisation has none yet: create a project first.</Empty>
      )}
      {projects.isError && <ErrorMessage error={projects.error} />}
      {creating && projects.data && (
        <NewLedgerForm projects={projects.data.data} projectId={projectId}
          onCancel={() => setCreating(false)}
          onCreated={(ledger) => { setCreating(false); navigate(`/ledgers/${ledger.id}`) }} />
      )}
      <QueryStates query={ledgers} what="ledgers" empty={shown.length === 0 && <>{projectId ? 'This project has no ledger yet.' : 'No ledgers yet.'}{isOwner ? ' Create one with “New ledger”.' : ''}</>} />
      {shown.length > 0 && (
        <TableScroll>
          <table>
            <caption className="visually-hidden">Ledgers</caption>
            <thead>
              <tr>
                <th scope="col">Code</th><th scope="col">Name</th><th scope="col">Currency</th>
                <th scope="col">Project</th><th scope="col">Status</th>
                {isOwner && <th scope="col"><span className="visually-hidden">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((ledger) => (
                <tr key={ledger.id} className={ledger.archived_at ? 'archived' : undefined}>
                  <td><code>{ledger.code}</code></td>
                  <td>
                    {renaming === ledger.id
                      ? <RenameLedger ledger={ledger} onDone={() => setRenaming(null)} />
                      : <Link to={`/ledgers/${ledger.id}`}>{ledger.name}</Link>}
                  </td>
                  <td>{ledger.currency}</td>
                  <td>{projectOf(ledger.project_id)?.name ?? <code className="id">{ledger.project_id}</code>}</td>
                  <td>
                    {ledger.archived_at
                      ? <Badge tone="over">Archived <DateTime value={ledger.archived_at} /></Badge>
                      : <Badge tone="good">Active</Badge>}
                  </td>
                  {isOwner && (
                    <td>
                      <div className="row-actions">
                        {renaming !== ledger.id && (
                          <button type="button" onClick={() => setRenaming(ledger.id)} aria-label={`Rename ${ledger.code}`}>Rename</button>
                        )}
                        {!ledger.archived_at && <ArchiveLedgerButton ledger={ledger} />}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
