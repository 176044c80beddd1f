// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LedgerOverviewPage } from './LedgerOverviewPage'
import { fakeApi, renderLedgerPage, type Call } from '../../test/renderPage'

const LEDGER = { id: 'l1', code: 'main', name: 'Main book', currency: 'EUR', project_id: 'p1', archived_at: null as string | null }
const OVERVIEW = {
  ledger_id: 'l1', as_of: '2026-12-01T01:00:00Z', accounts: 1234,
  last_24_hours: { from: '2026-11-30T01:00:00Z', transactions: 1, volume: [{ currency: 'EUR', amount: '1234567.89' }] },
  last_30_days: { from: '2026-11-01T01:00:00Z', transactions: 0, volume: [] },
}
const TRANSACTION = {
  id: 't1', sequence: 7, external_id: 'order-1', status: 'posted', currency: 'EUR', recorded_at: '2026-12-01T00:30:00Z',
  postings: [
    { account_code: 'cash', direction: 'debit', amount: '0.10', currency: 'EUR' },
    { account_code: 'fees', direction: 'debit', amount: '0.20', currency: 'EUR' },
    { account_code: 'sales', direction: 'credit', amount: '0.30', currency: 'EUR' },
  ],
}
const PROJECTION = { projected_sequence: 7, last_seen_sequence: 9, events_behind: 2, seconds_behind: 0.042,
  last_applied_at: '2026-12-01T00:30:00Z', status: 'waiting', parked_events: 1, failed_events: 0 }

function api(ledger = LEDGER, overrides: (call: Call) => { status?: number; body?: unknown } | undefined = () => undefined) {
  return fakeApi((call) => overrides(call) ?? ({
    '/v1/ledgers': { body: { data: [ledger] } },
    '/v1/ledgers/l1/overview': { body: OVERVIEW },
    '/v1/ledgers/l1/projection': { body: PROJECTION },
    '/v1/ledgers/l1/transactions?limit=5': { body: { data: [TRANSACTION], next_cursor: null } },
    '/v1/ledgers/l1/assets?limit=100': { body: { data: [{ code: 'USDC', scale: 6, declared_at: '2026-11-30T10:00:00Z' }], next_cursor: null } },
  } as Record<string, { body: unknown }>)[call.path], { ledgers: null })
}

const page = () => renderLedgerPage('/ledgers/l1', [{ index: true, element: <LedgerOverviewPage /> }])

describe('LedgerOverviewPage', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows the figures, the latest transactions with their exact amounts, the lag and the assets', async () => {
    api()
    page()
    expect(await screen.findByText('1,234')).toBeInTheDocument()
    expect(screen.getByText('1,234,567.89 EUR')).toBeInTheDocument()
    expect(screen.getByText('No volume')).toBeInTheDocument()

    const link = await screen.findByRole('link', { name: '#7 order-1' })
    expect(link).toHaveAttribute('href', '/ledgers/l1/transactions/t1')
    expect(link.closest('tr')).toHaveTextContent('0.30 EUR')

    expect(await screen.findByText(/Waiting for an event/)).toBeInTheDocument()
    expect(screen.getByText('7 of 9 received')).toBeInTheDocument()
    const assets = screen.getByRole('table', { name: 'Custom assets' })
    expect(within(assets).getByText('USDC')).toBeInTheDocument()
  })

  it('declares a custom asset and lists the assets again', async () => {
    const user = userEvent.setup()
    const calls = api(LEDGER, (call) => call.method === 'PUT'
      ? { status: 201, body: { code: 'PTS', scale: 0, declared_at: '' }, headers: { 'Ledger-Sequence': '12' } }
      : call.path === '/v1/ledgers/l1/assets?limit=100&min_sequence=12' ? { body: { data: [], next_cursor: null } } : undefined)
    page()
    const form = await screen.findByRole('form', { name: 'Add a custom asset' })
    await user.type(within(form).getByLabelText('Asset code'), 'pts')
    await user.clear(within(form).getByLabelText('Decimal places'))
    await user.type(within(form).getByLabelText('Decimal places'), '0')
    await user.click(within(form).getByRole('button', { name: 'Add asset' }))

    expect(await screen.findByText('Asset PTS declared.')).toBeInTheDocument()
    expect(calls).toContainEqual({ method: 'PUT', path: '/v1/ledgers/l1/assets/PTS', body: { scale: 0 } })
    await waitFor(() => expect(calls.filter((call) => call.method === 'GET' && call.path.startsWith('/v1/ledgers/l1/assets')).length).toBe(2))
    // read again as of the declaration's sequence (Ledger-Sequence)
    expect(calls.filter((call) => call.method === 'GET' && call.path.startsWith('/v1/ledgers/l1/assets')).at(-1)?.path)
      .toBe('/v1/ledgers/l1/assets?limit=100&min_sequence=12')
  })

  it("shows the refusal's detail when the asset is refused", async () => {
    const user = userEvent.setup()
    api(LEDGER, (call) => call.method === 'PUT' ? { status: 422, body: { status: 422, code: 'ASSET_CODE_RESERVED', detail: 'EUR is an ISO 4217 currency.' } } : undefined)
    page()
    const form = await screen.findByRole('form', { name: 'Add a custom asset' })
    await user.type(within(form).getByLabelText('Asset code'), 'EUR')
    await user.click(within(form).getByRole('button', { name: 'Add asset' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('EUR is an ISO 4217 currency.')
  })

  it('says an archived ledger takes no more writes and offers no asset form', async () => {
    api({ ...LEDGER, archived_at: '2026-11-30T12:00:00Z' })
    page()
    expect(await screen.findByText(/takes no more writes/)).toBeInTheDocument()
    await screen.findByRole('table', { name: 'Custom assets' })
    expect(screen.queryByRole('form', { name: 'Add a custom asset' })).toBeNull()
  })

  it("shows the service's detail when the figures cannot be read", async () => {
    api(LEDGER, (call) => call.path.endsWith('/overview') ? { status: 503, body: { status: 503, detail: 'The read model is unavailable.' } } : undefined)
    page()
    expect(await screen.findByText('The read model is unavailable.')).toBeInTheDocument()
  })
})
