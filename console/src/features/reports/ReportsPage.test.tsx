// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LEDGER, fakeApi, json, problem, renderLedgerPage } from '../../test/renderPage'
import { ReportsPage } from './ReportsPage'

const account = { type: 'asset', normal_balance: 'debit', parent_code: null, depth: 0 }
const TRIAL = { ledger_id: LEDGER.id, as_of: '2026-03-31T23:59:59Z', basis: 'effective', currencies: [{
  currency: 'USD', total_debits: '1650.00', total_credits: '1650.00', balanced: true, accounts: [
    { ...account, code: 'assets', name: 'Assets', debit: '0.00', credit: '0.00', balance: '0.00', rolled_up_balance: '750.00' },
    { ...account, code: 'assets:cash', name: 'Cash', parent_code: 'assets', depth: 1, debit: '750.00', credit: '0.00',
      balance: '750.00', rolled_up_balance: '750.00' },
  ] }] }
const section = (code: string, amount: string) => ({ accounts: [{ ...account, code, name: code, contra: false, amount,
  rolled_up_amount: amount }], total: amount })
const SHEET = { ledger_id: LEDGER.id, as_of: '2026-03-31T23:59:59Z', basis: 'effective', currencies: [{
  currency: 'USD', assets: section('cash', '1250.00'), liabilities: section('wallets', '200.00'),
  equity: { ...section('capital', '1000.00'), current_earnings: '50.00', total: '1050.00' },
  total_liabilities_and_equity: '1250.00', balanced: true }] }
const routes = [{ path: 'reports', element: <ReportsPage /> }]

describe('ReportsPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('shows the trial balance per currency with its totals, then the balance sheet as of a day', async () => {
    const calls = fakeApi((call) => json(call.path.includes('balance-sheet') ? SHEET : TRIAL))
    renderLedgerPage(`/ledgers/${LEDGER.id}/reports`, routes)
    const user = userEvent.setup({ delay: null })
    const table = await screen.findByRole('table', { name: 'Trial balance in USD' })
    expect(within(table).getByRole('row', { name: /^Total/ })).toHaveTextContent('Total1,650.001,650.00Balanced')
    expect(within(table).getByRole('link', { name: 'assets:cash' })).toHaveAttribute('href',
      `/ledgers/${LEDGER.id}/accounts/assets%3Acash`)
    expect(calls.filter((call) => call.path.includes('/reports/'))[0].path).toBe(`/v1/ledgers/${LEDGER.id}/reports/trial-balance`)

    await user.click(screen.getByRole('radio', { name: 'Balance sheet' }))
    fireEvent.change(screen.getByLabelText('As of the end of'), { target: { value: '2026-03-31' } })
    await user.click(screen.getByRole('button', { name: 'Show report' }))
    const equity = await screen.findByRole('table', { name: 'Equity (USD)' })
    expect(within(equity).getByRole('row', { name: /Current earnings/ })).toHaveTextContent('50.00')
    expect(within(equity).getByRole('row', { name: /Total equity/ })).toHaveTextContent('1,050.00')
    expect(screen.getAllByText('1,250.00 USD', { selector: 'dd *' })).toHaveLength(2)
    expect(calls.at(-1)!.path).toMatch(/reports\/balance-sheet\?as_of=2026-03-31T23%3A59%3A59\.999999/)
  })

  it('downloads the same report as CSV, and shows a refusal\'s detail', async () => {
    const created = vi.fn(() => 'blob:report')
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }))
    const calls = fakeApi((call) => (call.headers.get('Accept')?.startsWith('text/csv')
      ? { body: 'currency,section\r\n', type: 'text/csv' }
      : problem(400, { code: 'VALIDATION_FAILED', detail: 'The query is not valid.',
        errors: [{ field: 'to', message: 'must be later than from' }] })))
    renderLedgerPage(`/ledgers/${LEDGER.id}/reports?report=income-statement&from=2026-03-01&to=2026-02-01`, routes)
    const user = userEvent.setup({ delay: null })
    expect(await screen.findByRole('alert')).toHaveTextContent('The query is not valid.')
    expect(screen.getByText('must be later than from')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Download CSV' }))
    await vi.waitFor(() => expect(created).toHaveBeenCalled())
    const csv = calls.find((call) => call.headers.get('Accept')?.startsWith('text/csv'))!
    expect(csv.path).toMatch(/reports\/income-statement\?from=2026-03-01T00%3A00%3A00.*&to=2026-02-02T00%3A00%3A00/)
  })
})
