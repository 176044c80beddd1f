import { useHasScope, useSignedIn } from '../../shell/signedIn'
import { useProjects } from './queries'

/**
 * Which project the pages look at: all of the organisation's, or one. Only owners list projects (the list
 * is part of the organisation's administration, scope iam:admin); developers see every ledger and need no
 * switcher.
 */
export function ProjectSwitcher() {
  const owner = useHasScope('iam:admin')
  const { projectId, selectProject } = useSignedIn()
  const projects = useProjects(owner)

  if (!owner || !projects.data || projects.data.data.length === 0) {
    return null
  }
  const known = projects.data.data.some((project) => project.id === projectId)
  return (
    <select aria-label="Project" className="iam-switcher" value={known && projectId ? projectId : ''}
      onChange={(e) => selectProject(e.target.value || null)}>
      <option value="">All projects</option>
      {projects.data.data.map((project) => <option key={project.id} value={project.id}>{project.name}</option>)}
    </select>
  )
}
