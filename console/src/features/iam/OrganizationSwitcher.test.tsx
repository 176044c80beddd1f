// @vitest-environment jsdom
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SESSION_KEY } from '../../session/session'
import { OrganizationSwitcher } from './OrganizationSwitcher'
import { DEVELOPER, OWNER, fakeApi, problem, renderPage } from '../../test/renderPage'

afterEach(() => vi.unstubAllGlobals())

const other = { id: 'org-2', name: 'Grace Labs', role: 'developer', joined_at: '2026-03-03T11:00:00Z' }
const own = { id: OWNER.organization.id, name: OWNER.organization.name, role: 'owner', joined_at: '2026-03-02T11:00:00Z' }
const switched = { ...DEVELOPER, organization: { id: 'org-2', name: 'Grace Labs' }, csrf_token: 'csrf-2' }

describe('OrganizationSwitcher', () => {
  it('shows just the name to someone in one organisation', async () => {
    fakeApi(() => ({ status: 200, body: { data: [own] } }))
    renderPage('/', <OrganizationSwitcher />)
    expect(await screen.findByText('Ada Books')).toBeInTheDocument()
    expect(screen.queryByRole('combobox')).toBeNull()
  })

  it('switches to another organisation, forgets what was read and opens its ledgers', async () => {
    const user = userEvent.setup()
    const sent = fakeApi(({ method, path }) => {
      if (method === 'GET' && path === '/v1/sessions/current/organizations') {
        return { status: 200, body: { data: [own, other] } }
      }
      if (method === 'POST' && path === '/v1/sessions/current/organization') {
        return { status: 201, body: switched }
      }
      return undefined
    })
    const { client } = renderPage('/', <OrganizationSwitcher />)
    client.setQueryData(['ledgers'], { data: ['of the first organisation'] })

    const select = await screen.findByRole('combobox', { name: 'Organisation' })
    expect(screen.getByRole('button', { name: 'Switch' })).toBeDisabled()
    await user.selectOptions(select, 'org-2')
    await user.click(screen.getByRole('button', { name: 'Switch' }))

    expect(await screen.findByTestId('location')).toHaveTextContent(/^\/ledgers$/)
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ organization_id: 'org-2' })
    expect(client.getQueryData(['ledgers'])).toBeUndefined()
    const { csrf_token: _csrf, ...session } = switched
    expect(client.getQueryData(SESSION_KEY)).toEqual(session)
  })

  it('shows a refusal and stays in the organisation', async () => {
    const user = userEvent.setup()
    fakeApi(({ method }) => method === 'GET'
      ? { status: 200, body: { data: [own, other] } }
      : problem(403, { code: 'NOT_A_MEMBER', detail: 'This person is not a member of that organisation.' }))
    const { client } = renderPage('/', <OrganizationSwitcher />)

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Organisation' }), 'org-2')
    await user.click(screen.getByRole('button', { name: 'Switch' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('not a member of that organisation')
    expect(client.getQueryData(SESSION_KEY)).toEqual(OWNER)
  })
})
