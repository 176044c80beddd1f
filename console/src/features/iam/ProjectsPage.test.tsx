// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ProjectsPage } from './ProjectsPage'
import { DEVELOPER, fakeApi, problem, renderPage, type Call } from '../../test/renderPage'
import type { Project } from './types'

afterEach(() => vi.unstubAllGlobals())

const payments: Project = { id: 'p-1', code: 'payments', name: 'Payments', created_at: '2026-03-02T11:00:00Z', updated_at: '2026-03-02T11:00:00Z' }

/** A fake of the projects API over a list that changes as the page asks. */
function projectsApi(initial: Project[], refuse?: (request: Call) => ReturnType<typeof problem> | undefined) {
  let projects = [...initial]
  return fakeApi((request) => {
    const refusal = refuse?.(request)
    if (refusal) {
      return refusal
    }
    const { method, path, body } = request
    if (method === 'GET' && path === '/v1/projects') {
      return { status: 200, body: { data: projects } }
    }
    if (method === 'POST' && path === '/v1/projects') {
      const created = { ...payments, ...(body as object), id: 'p-new' }
      projects = [...projects, created]
      return { status: 201, body: created }
    }
    const id = path.split('/').pop()
    if (method === 'PATCH') {
      projects = projects.map((p) => p.id === id ? { ...p, ...(body as object) } : p)
      return { status: 200, body: projects.find((p) => p.id === id) }
    }
    if (method === 'DELETE') {
      projects = projects.filter((p) => p.id !== id)
      return { status: 204 }
    }
    return undefined
  })
}

describe('ProjectsPage', () => {
  it('says so when there is no project yet, and creates one', async () => {
    const user = userEvent.setup()
    const sent = projectsApi([])
    renderPage('/projects', <ProjectsPage />)

    expect(await screen.findByText(/No projects yet/)).toBeInTheDocument()
    await user.type(screen.getByLabelText('Code'), ' books ')
    await user.type(screen.getByLabelText('Name'), 'Books')
    await user.click(screen.getByRole('button', { name: 'Create project' }))

    expect(await screen.findByRole('cell', { name: 'books' })).toBeInTheDocument()
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ code: 'books', name: 'Books' })
    expect(screen.getByLabelText('Code')).toHaveValue('')
  })

  it('shows a field refusal next to its input and a conflict as an alert', async () => {
    const user = userEvent.setup()
    let attempt = 0
    projectsApi([payments], ({ method }) => {
      if (method !== 'POST') {
        return undefined
      }
      attempt += 1
      return attempt === 1
        ? problem(400, { code: 'VALIDATION_FAILED', detail: 'The request is invalid.', errors: [{ field: 'code', message: 'must be lower-case letters, digits or dashes' }] })
        : problem(409, { code: 'PROJECT_CODE_TAKEN', detail: 'A project with the code payments exists already.' })
    })
    renderPage('/projects', <ProjectsPage />)

    await user.type(await screen.findByLabelText('Code'), 'Pay')
    await user.type(screen.getByLabelText('Name'), 'Pay')
    await user.click(screen.getByRole('button', { name: 'Create project' }))
    expect(await screen.findByText('must be lower-case letters, digits or dashes')).toBeInTheDocument()
    expect(screen.getByLabelText('Code')).toHaveAccessibleDescription(expect.stringContaining('must be lower-case'))

    await user.click(screen.getByRole('button', { name: 'Create project' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('A project with the code payments exists already.')
  })

  it('renames a project in its row, and deletes one only once confirmed, showing a refusal', async () => {
    const user = userEvent.setup()
    const sent = projectsApi([payments], ({ method }) => method === 'DELETE'
      ? problem(409, { code: 'PROJECT_NOT_EMPTY', detail: 'The project holds ledgers.' }) : undefined)
    renderPage('/projects', <ProjectsPage />)

    await user.click(await screen.findByRole('button', { name: 'Rename payments' }))
    const name = screen.getByLabelText('New name of payments')
    await user.clear(name)
    await user.type(name, 'Payments (EU){Enter}')
    expect(await screen.findByRole('cell', { name: 'Payments (EU)' })).toBeInTheDocument()
    expect(sent.find((r) => r.method === 'PATCH')).toEqual({ method: 'PATCH', path: '/v1/projects/p-1', body: { name: 'Payments (EU)' } })

    const row = screen.getByRole('row', { name: /payments/ })
    await user.click(within(row).getByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Delete the project payments?' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The project holds ledgers.')
  })

  it('tells a developer the section is for owners, without asking the API', () => {
    const sent = projectsApi([payments])
    renderPage('/projects', <ProjectsPage />, { session: DEVELOPER })
    expect(screen.getByRole('alert')).toHaveTextContent('for the organisation\'s owners')
    expect(sent).toEqual([])
  })
})
