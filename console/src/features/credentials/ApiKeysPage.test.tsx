// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, renderPage, type Call } from '../../test/renderPage'
import { ApiKeysPage } from './ApiKeysPage'

const PROJECTS = { data: [{ id: 'p1', code: 'books', name: 'Books' }] }
const LEDGERS = { data: [
  { id: 'l1', code: 'main', name: 'Main book', currency: 'EUR', project_id: 'p1', archived_at: null },
  { id: 'l9', code: 'elsewhere', name: 'Elsewhere', currency: 'EUR', project_id: 'p9', archived_at: null },
] }
const KEY = {
  id: 'k1', project_id: 'p1', prefix: 'sk_live_k1Ab', last_four: 'x9Yz', environment: 'live', description: 'CI',
  scopes: ['ledger:read'], ledgers: ['l1'], status: 'active', created_at: '2026-11-30T10:00:00Z',
  last_used_at: '2026-11-30T11:00:00Z', expires_at: null, revoked_at: null, replaced_by: null,
}
const NEW_KEY = 'sk_live_k1NewNewNewNewNewNewNewNewNewNewNe2bX9Qa'

function api(overrides: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  return fakeApi((call) => overrides(call) ?? (
    call.path === '/v1/projects' ? { body: PROJECTS }
      : call.path === '/v1/ledgers' ? { body: LEDGERS }
        : call.path === '/v1/projects/p1/api-keys' && call.method === 'GET' ? { body: { data: [KEY] } }
          : undefined), { ledgers: null })
}

const page = (projectId: string | null = 'p1') =>
  renderPage('/api-keys', <ApiKeysPage />, { projectId })

describe('ApiKeysPage', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('asks for a project when none is chosen, then lists its keys by prefix and last four', async () => {
    const user = userEvent.setup()
    api()
    page(null)
    const project = await screen.findByLabelText('Project')
    expect(project).toHaveAccessibleDescription(/belong to one project/)
    expect(screen.queryByRole('button', { name: 'New API key' })).toBeNull()

    await user.selectOptions(project, 'p1')
    const row = (await screen.findByText('sk_live_k1Ab…x9Yz')).closest('tr') as HTMLElement
    expect(row).toHaveTextContent('CI')
    expect(row).toHaveTextContent('ledger:read')
    expect(row).toHaveTextContent('main')
    expect(row).toHaveTextContent('active')
    expect(within(row).getAllByRole('time')[0]).toHaveAttribute('dateTime', '2026-11-30T11:00:00Z')
    expect(row).toHaveTextContent('never')
  })

  it('says so when the project has no key', async () => {
    api((call) => call.path === '/v1/projects/p1/api-keys' ? { body: { data: [] } } : undefined)
    page()
    expect(await screen.findByText('This project has no API keys yet.')).toBeInTheDocument()
  })

  it("creates a key for the project's ledgers and shows it once", async () => {
    const user = userEvent.setup()
    const calls = api((call) => call.method === 'POST' ? { status: 201, body: { ...KEY, id: 'k2', key: NEW_KEY } } : undefined)
    page()
    await user.click(await screen.findByRole('button', { name: 'New API key' }))
    expect(screen.queryByRole('checkbox', { name: /elsewhere/ })).toBeNull()

    await user.click(screen.getByRole('button', { name: 'Create API key' }))
    expect(await screen.findByText(/Choose at least one ledger/)).toBeInTheDocument()
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0)

    await user.type(screen.getByLabelText('Description'), 'Checkout')
    await user.selectOptions(screen.getByLabelText('Environment'), 'test')
    await user.click(screen.getByRole('checkbox', { name: /ledger:write/ }))
    await user.click(screen.getByRole('checkbox', { name: /main/ }))
    await user.click(screen.getByRole('button', { name: 'Create API key' }))

    const secret = await screen.findByRole('region', { name: 'New API key' })
    expect(within(secret).getByLabelText('API key')).toHaveValue(NEW_KEY)
    expect(secret).toHaveTextContent(/shown only once/)
    expect(calls.find((call) => call.method === 'POST')).toEqual({ method: 'POST', path: '/v1/projects/p1/api-keys',
      body: { description: 'Checkout', environment: 'test', scopes: ['ledger:read', 'ledger:write'], ledgers: ['l1'] } })

    await user.click(within(secret).getByRole('button', { name: 'I have saved it' }))
    expect(screen.queryByDisplayValue(NEW_KEY)).toBeNull()
  })

  it('rotates a key with the overlap chosen, and shows the new key once', async () => {
    const user = userEvent.setup()
    const calls = api((call) => call.path === '/v1/projects/p1/api-keys/k1/rotate'
      ? { status: 201, body: { ...KEY, id: 'k2', key: NEW_KEY, previous: { ...KEY, replaced_by: 'k2' } } } : undefined)
    page()
    await user.click(await screen.findByRole('button', { name: 'Rotate' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Rotate the key sk_live_k1Ab…x9Yz?' })
    await user.selectOptions(within(dialog).getByLabelText('The old key keeps working'), '0')
    await user.click(within(dialog).getByRole('button', { name: 'Rotate key' }))

    expect(await screen.findByLabelText('API key')).toHaveValue(NEW_KEY)
    expect(calls).toContainEqual({ method: 'POST', path: '/v1/projects/p1/api-keys/k1/rotate', body: { overlap_seconds: 0 } })
  })

  it('revokes a key after confirmation, and shows a refusal in the dialog', async () => {
    const user = userEvent.setup()
    let refuse = true
    const calls = api((call) => call.method === 'DELETE'
      ? refuse ? { status: 404, body: { status: 404, code: 'API_KEY_NOT_FOUND', detail: 'No such key.' } } : { status: 204 }
      : undefined)
    page()
    await user.click(await screen.findByRole('button', { name: 'Revoke' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke the key sk_live_k1Ab…x9Yz?' })
    expect(dialog).toHaveTextContent(/cannot be undone/)
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('No such key.')

    refuse = false
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(calls.filter((call) => call.method === 'DELETE')).toEqual([
      { method: 'DELETE', path: '/v1/projects/p1/api-keys/k1', body: undefined },
      { method: 'DELETE', path: '/v1/projects/p1/api-keys/k1', body: undefined },
    ])
  })
})
