import { useId } from 'react'
import { ErrorMessage, Loading } from '../../shell/States'
import { useProjects } from '../ledgers/queries'

interface Props {
  projectId: string
  onChange: (projectId: string) => void
  /** what belongs to the project, e.g. "API keys" */
  what: string
}

/** The project whose credentials the page administers; credentials always belong to one project. */
export function ProjectPicker({ projectId, onChange, what }: Props) {
  const id = useId()
  const projects = useProjects()
  if (projects.isPending) {
    return <Loading what="projects" />
  }
  if (projects.isError) {
    return <ErrorMessage error={projects.error} />
  }
  if (projects.data.data.length === 0) {
    return <p className="empty">{what} belong to a project, and this organisation has none yet: create a project first.</p>
  }
  return (
    <div className="project-picker">
      <label htmlFor={id}>Project</label>
      <select id={id} value={projectId} onChange={(event) => onChange(event.target.value)}
        aria-describedby={projectId ? undefined : `${id}-hint`}>
        <option value="">Choose a project…</option>
        {projects.data.data.map((project) => (
          <option key={project.id} value={project.id}>{project.name} ({project.code})</option>
        ))}
      </select>
      {!projectId && (
        <p className="note" id={`${id}-hint`}>
          {what} belong to one project and may use only its ledgers: choose the project to see and create them.
        </p>
      )}
    </div>
  )
}
