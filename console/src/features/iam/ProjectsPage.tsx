import { useState, type FormEvent } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { DateTime } from '../../components/DateTime'
import { fieldErrors } from '../../components/fieldErrors'
import { ErrorMessage, Notice, QueryStates } from '../../shell/States'
import { useSignedIn } from '../../shell/signedIn'
import { Field } from '../../components/Field'
import { OwnersOnly } from './OwnersOnly'
import { useCreateProject, useDeleteProject, useProjects, useRenameProject } from './queries'
import type { Project } from './types'
import './iam.css'
import { TableScroll } from '../../components/TableScroll'

export function ProjectsPage() {
  return (
    <OwnersOnly title="Projects">
      <Projects />
    </OwnersOnly>
  )
}

function Projects() {
  const projects = useProjects()

  return (
    <section aria-labelledby="projects-title" className="iam-page">
      <h1 id="projects-title">Projects</h1>
      <p className="note">A project groups ledgers and their credentials. Its code never changes; its name may.</p>
      <CreateProjectForm />
      <QueryStates query={projects} what="projects" empty={projects.data?.data.length === 0 && 'No projects yet: create the first one above.'} />
      {projects.data && projects.data.data.length > 0 && (
        <TableScroll>
          <table>
            <caption className="visually-hidden">Projects of this organisation</caption>
            <thead>
              <tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {projects.data.data.map((project) => <ProjectRow key={project.id} project={project} />)}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}

export function CreateProjectForm() {
  const create = useCreateProject()
  const [code, setCode] = useState('')
  const [name, setName] = useState('')

  function submit(event: FormEvent) {
    event.preventDefault()
    create.mutate({ code: code.trim(), name: name.trim() }, {
      onSuccess: () => {
        setCode('')
        setName('')
      },
    })
  }

  const errors = fieldErrors(create.error)
  return (
    <form className="stacked iam-inline-form" onSubmit={submit} aria-labelledby="new-project-title" noValidate>
      <h2 id="new-project-title">New project</h2>
      <Field label="Code" error={errors.code}
        hint="Lower-case letters, digits and dashes; it never changes.">
        {(field) => <input {...field} name="code" required value={code} className="mono"
          onChange={(e) => setCode(e.target.value)} />}
      </Field>
      <Field label="Name" error={errors.name}>
        {(field) => <input {...field} name="name" required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      {create.isError && !errors.code && !errors.name && <ErrorMessage error={create.error} />}
      {create.isSuccess && <Notice>Project {create.data.code} created.</Notice>}
      <div>
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  )
}

function ProjectRow({ project }: { project: Project }) {
  const remove = useDeleteProject()
  const { projectId, selectProject } = useSignedIn()
  const [renaming, setRenaming] = useState(false)

  async function deleteProject() {
    await remove.mutateAsync(project.id)
    if (projectId === project.id) {
      selectProject(null)
    }
  }

  return (
    <tr>
      <td><code>{project.code}</code></td>
      <td>{renaming ? <RenameForm project={project} onDone={() => setRenaming(false)} /> : project.name}</td>
      <td><DateTime value={project.created_at} /></td>
      <td className="iam-actions">
        {!renaming && <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${project.code}`}>Rename</button>}
        <ConfirmButton label="Delete" title={`Delete the project ${project.code}?`} onConfirm={deleteProject}>
          Only an empty project can be deleted: one that holds ledgers or OAuth2 clients is kept.
        </ConfirmButton>
      </td>
    </tr>
  )
}

function RenameForm({ project, onDone }: { project: Project; onDone: () => void }) {
  const rename = useRenameProject()
  const [name, setName] = useState(project.name)
  const errorId = `rename-${project.id}-error`

  function submit(event: FormEvent) {
    event.preventDefault()
    rename.mutate({ id: project.id, name: name.trim() }, { onSuccess: onDone })
  }

  const nameError = fieldErrors(rename.error).name
  return (
    <form onSubmit={submit} className="iam-row-form">
      <input aria-label={`New name of ${project.code}`} value={name} required autoFocus
        aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? errorId : undefined}
        onChange={(e) => setName(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') onDone() }} />
      <button type="submit" className="primary" disabled={rename.isPending}>Save</button>
      <button type="button" onClick={onDone}>Cancel</button>
      {nameError && <span id={errorId} className="field-error">{nameError}</span>}
      {rename.isError && !nameError && <ErrorMessage error={rename.error} />}
    </form>
  )
}
