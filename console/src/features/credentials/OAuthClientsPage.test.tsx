// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, renderPage, type Call } from '../../test/renderPage'
import { OAuthClientsPage } from './OAuthClientsPage'

const CLIENT = {
  id: 'c1', client_id: 'lc_8Hq2ZpW0rT5yXc1VbN4m', project_id: 'p1', name: 'Backend', scopes: ['ledger:read'],
  ledgers: [], created_at: '2026-11-30T10:00:00Z', secret_rotated_at: null, previous_secret_expires_at: null,
  last_used_at: null,
}
const SECRET = 'cs_Qm3Jx8Lr2Vt6Yp0Wn4Zb7Hc1Kd5Gs9Fa2Ue8Io3Rl6Ty'

function api(overrides: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  return fakeApi((call) => overrides(call) ?? (
    call.path === '/v1/projects' ? { body: { data: [{ id: 'p1', code: 'books', name: 'Books' }] } }
      : call.path === '/v1/ledgers' ? { body: { data: [{ id: 'l1', code: 'main', name: 'Main', currency: 'EUR', project_id: 'p1' }] } }
        : call.path === '/v1/projects/p1/clients' && call.method === 'GET' ? { body: { data: [CLIENT] } }
          : undefined), { ledgers: null })
}

/** The "Last used" cell of a client's row (after its id, scopes, ledgers and creation). */
const lastUsed = (row: HTMLElement) => within(row).getAllByRole('cell')[4]

const page = () => renderPage('/oauth-clients', <OAuthClientsPage />, { projectId: 'p1' })

describe('OAuthClientsPage', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('lists the clients, a client without ledgers granting every ledger of its project', async () => {
    api()
    page()
    const row = (await screen.findByRole('rowheader', { name: 'Backend' })).closest('tr') as HTMLElement
    expect(row).toHaveTextContent('lc_8Hq2ZpW0rT5yXc1VbN4m')
    expect(row).toHaveTextContent('every ledger of the project')
    expect(lastUsed(row)).toHaveTextContent('never')
  })

  it('shows when a token was last issued to a client', async () => {
    api((call) => call.path === '/v1/projects/p1/clients' && call.method === 'GET'
      ? { body: { data: [{ ...CLIENT, last_used_at: '2026-11-30T11:00:00Z' }] } } : undefined)
    page()
    const row = (await screen.findByRole('rowheader', { name: 'Backend' })).closest('tr') as HTMLElement
    expect(lastUsed(row).querySelector('time')).toHaveAttribute('datetime', '2026-11-30T11:00:00Z')
    expect(lastUsed(row)).not.toHaveTextContent('never')
  })

  it('creates a client, showing its id and its secret once; the field errors of a refusal by their inputs', async () => {
    const user = userEvent.setup()
    let refuse = true
    const calls = api((call) => call.method !== 'POST' ? undefined
      : refuse ? { status: 400, body: { status: 400, code: 'VALIDATION_FAILED', detail: 'Invalid.', errors: [{ field: 'name', message: 'is taken' }] } }
        : { status: 201, body: { ...CLIENT, id: 'c2', name: 'Reports', client_secret: SECRET } })
    page()
    await user.click(await screen.findByRole('button', { name: 'New OAuth client' }))
    await user.click(screen.getByRole('button', { name: 'Create OAuth client' }))
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Give the client a name.')

    await user.type(screen.getByLabelText('Name'), 'Reports')
    await user.click(screen.getByRole('checkbox', { name: /iam:admin/ }))
    await user.click(screen.getByRole('button', { name: 'Create OAuth client' }))
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('is taken'))

    refuse = false
    await user.click(screen.getByRole('button', { name: 'Create OAuth client' }))
    expect(await screen.findByLabelText('client secret')).toHaveValue(SECRET)
    expect(screen.getByText(/Client id of/)).toHaveTextContent('lc_8Hq2ZpW0rT5yXc1VbN4m')
    expect(calls.filter((call) => call.method === 'POST').at(-1)).toEqual({ method: 'POST', path: '/v1/projects/p1/clients',
      body: { name: 'Reports', scopes: ['ledger:read', 'iam:admin'], ledgers: [] } })
  })

  it('rotates a secret and deletes a client, each after confirmation', async () => {
    const user = userEvent.setup()
    const calls = api((call) => call.path.endsWith('/rotate-secret') ? { body: { ...CLIENT, client_secret: SECRET } }
      : call.method === 'DELETE' ? { status: 204 } : undefined)
    page()
    await user.click(await screen.findByRole('button', { name: 'Rotate secret' }))
    const rotate = screen.getByRole('alertdialog', { name: 'Rotate the secret of Backend?' })
    await user.click(within(rotate).getByRole('button', { name: 'Rotate secret' }))
    expect(await screen.findByLabelText('client secret')).toHaveValue(SECRET)
    expect(calls).toContainEqual({ method: 'POST', path: '/v1/projects/p1/clients/c1/rotate-secret', body: { overlap_seconds: 86400 } })

    await user.click(screen.getByRole('button', { name: 'Delete' }))
    await user.click(within(screen.getByRole('alertdialog', { name: 'Delete the client Backend?' })).getByRole('button', { name: 'Delete client' }))
    await waitFor(() => expect(calls).toContainEqual({ method: 'DELETE', path: '/v1/projects/p1/clients/c1', body: undefined }))
  })
})
