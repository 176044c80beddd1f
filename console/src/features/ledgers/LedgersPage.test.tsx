// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writtenSequence } from '../../api/readAfterWrite'
import { LedgersPage } from './LedgersPage'
import { OWNER, fakeApi, renderPage, type Call, type PageOptions } from '../../test/renderPage'

const PROJECTS = { data: [{ id: 'p1', code: 'books', name: 'Books' }, { id: 'p2', code: 'shop', name: 'Shop' }] }
const MAIN = { id: 'l1', code: 'main', name: 'Main book', currency: 'EUR', project_id: 'p1', archived_at: null }
const OLD = { id: 'l2', code: 'old', name: 'Old book', currency: 'USD', project_id: 'p1', archived_at: '2026-11-30T10:00:00Z' }
const OTHER = { id: 'l3', code: 'till', name: 'Till', currency: 'GBP', project_id: 'p2', archived_at: null }

function api(overrides: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  return fakeApi((call) => overrides(call) ?? (
    call.path === '/v1/projects' ? { body: PROJECTS }
      : call.path === '/v1/ledgers' ? { body: { data: [MAIN, OLD, OTHER] } }
        : undefined), { ledgers: null })
}

const page = (options?: PageOptions) => renderPage('/ledgers', [
  { path: '/ledgers', element: <LedgersPage /> },
  { path: '/ledgers/:ledgerId', element: <p>Overview of the new ledger</p> },
], options)

describe('LedgersPage', () => {
  afterEach(() => vi.unstubAllGlobals())

  it("lists the chosen project's ledgers with their project and whether they are archived", async () => {
    api()
    page({ projectId: 'p1' })
    const rows = await screen.findAllByRole('row')
    expect(rows).toHaveLength(3)
    expect(within(rows[1]).getByRole('link', { name: 'Main book' })).toHaveAttribute('href', '/ledgers/l1')
    expect(rows[1]).toHaveTextContent('Books')
    expect(rows[1]).toHaveTextContent('Active')
    expect(rows[2]).toHaveTextContent('Archived')
    expect(within(rows[2]).queryByRole('button', { name: 'Archive' })).toBeNull()
    expect(screen.queryByText('Till')).toBeNull()
  })

  it('shows every project\'s ledgers when none is chosen, and no administration to developers', async () => {
    api()
    page({ session: { ...OWNER, role: 'developer', scopes: ['ledger:read', 'ledger:write'] } })
    expect(await screen.findByRole('link', { name: 'Till' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'New ledger' })).toBeNull()
    expect(screen.queryByRole('button', { name: /Rename/ })).toBeNull()
  })

  it('says what went wrong when the ledgers cannot be read', async () => {
    api((call) => call.path === '/v1/ledgers' ? { status: 503, body: { status: 503, detail: 'IAM is unavailable.' } } : undefined)
    page()
    expect(await screen.findByRole('alert')).toHaveTextContent('IAM is unavailable.')
  })

  it('creates a ledger in the chosen project, then declares its custom assets, then opens it', async () => {
    const user = userEvent.setup()
    const calls = api((call) => call.method === 'POST' && call.path === '/v1/projects/p2/ledgers'
      ? { status: 201, body: { ...OTHER, id: 'new', code: 'wallets', created_at: '', updated_at: '' } }
      : call.method === 'PUT' ? { status: 201, body: { code: 'USDC', scale: 6, declared_at: '' }, headers: { 'Ledger-Sequence': '3' } }
        : undefined)
    const { client } = page({ projectId: 'p2' })

    await user.click(await screen.findByRole('button', { name: 'New ledger' }))
    expect(screen.getByLabelText('Project')).toHaveValue('p2')
    await user.type(screen.getByLabelText('Code'), 'wallets')
    await user.type(screen.getByLabelText('Name'), ' Wallets ')
    await user.type(screen.getByLabelText('Currency'), 'usd')
    await user.click(screen.getByRole('button', { name: 'Add an asset' }))
    await user.type(screen.getByLabelText('Asset code 1'), 'usdc')
    await user.clear(screen.getByLabelText('Decimal places 1'))
    await user.type(screen.getByLabelText('Decimal places 1'), '6')
    await user.click(screen.getByRole('button', { name: 'Create ledger' }))

    expect(await screen.findByText('Overview of the new ledger')).toBeInTheDocument()
    const writes = calls.filter((call) => call.method !== 'GET')
    expect(writes).toEqual([
      { method: 'POST', path: '/v1/projects/p2/ledgers', body: { code: 'wallets', name: 'Wallets', currency: 'USD' } },
      { method: 'PUT', path: '/v1/ledgers/new/assets/USDC', body: { scale: 6 } },
    ])
    // the overview it opens reads the assets as of their declaration
    expect(writtenSequence(client, 'new')).toBe(3)
  })

  it('checks an asset before asking, and shows the API\'s field errors next to their inputs', async () => {
    const user = userEvent.setup()
    const calls = api((call) => call.method === 'POST' ? {
      status: 400, body: { status: 400, code: 'VALIDATION_FAILED', detail: 'The request is not valid.',
        errors: [{ field: 'currency', message: 'is not an ISO 4217 currency' }] },
    } : undefined)
    page({ projectId: 'p1' })
    await user.click(await screen.findByRole('button', { name: 'New ledger' }))
    await user.type(screen.getByLabelText('Code'), 'main2')
    await user.type(screen.getByLabelText('Name'), 'Main')
    await user.type(screen.getByLabelText('Currency'), 'XXY')
    await user.click(screen.getByRole('button', { name: 'Add an asset' }))
    await user.type(screen.getByLabelText('Asset code 1'), '1X')
    await user.click(screen.getByRole('button', { name: 'Create ledger' }))

    expect(screen.getByLabelText('Asset code 1')).toHaveAccessibleDescription(/starting with a letter/)
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0)

    await user.click(screen.getByRole('button', { name: 'Remove asset 1' }))
    await user.click(screen.getByRole('button', { name: 'Create ledger' }))
    await waitFor(() => expect(screen.getByLabelText('Currency')).toHaveAccessibleDescription('is not an ISO 4217 currency'))
    expect(screen.getByLabelText('Currency')).toHaveAttribute('aria-invalid', 'true')
  })

  it('renames a ledger in place', async () => {
    const user = userEvent.setup()
    const calls = api((call) => call.method === 'PATCH' ? { body: { ...MAIN, name: 'General ledger' } } : undefined)
    page({ projectId: 'p1' })
    await user.click(await screen.findByRole('button', { name: 'Rename main' }))
    const name = screen.getByLabelText('New name of main')
    await user.clear(name)
    await user.type(name, 'General ledger{Enter}')
    await waitFor(() => expect(calls).toContainEqual({ method: 'PATCH', path: '/v1/ledgers/l1', body: { name: 'General ledger' } }))
    await waitFor(() => expect(screen.queryByLabelText('New name of main')).toBeNull())
  })

  it('archives a ledger only once the person has read what it means, and reads the ledgers again', async () => {
    const user = userEvent.setup()
    const calls = api((call) => call.method === 'POST' && call.path === '/v1/ledgers/l1/archive'
      ? { body: { ...MAIN, archived_at: '2026-12-01T01:00:00Z' } } : undefined)
    page({ projectId: 'p1' })
    const row = (await screen.findByRole('link', { name: 'Main book' })).closest('tr') as HTMLElement
    await user.click(within(row).getByRole('button', { name: 'Archive' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Archive the ledger main?' })
    expect(dialog).toHaveTextContent(/final/)
    expect(dialog).toHaveTextContent(/Pending holds stay pending/)
    expect(dialog).toHaveTextContent(/schedules stop running/)
    const readsBefore = calls.filter((call) => call.path === '/v1/ledgers').length

    await user.click(within(dialog).getByRole('button', { name: 'Archive for good' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(calls).toContainEqual({ method: 'POST', path: '/v1/ledgers/l1/archive', body: {} })
    await waitFor(() => expect(calls.filter((call) => call.path === '/v1/ledgers').length).toBeGreaterThan(readsBefore))
  })
})
