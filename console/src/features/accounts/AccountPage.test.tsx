// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LEDGER, fakeApi, renderLedgerPage } from '../../test/renderPage'
import { account } from './fixtures'
import { accountsFeature } from './routes'
import type { Account } from './types'

vi.setConfig({ testTimeout: 30_000 })

const WALLET = `/v1/ledgers/${LEDGER.id}/accounts/wallet%3Aalice`

const line = (transaction: string, direction: string, amount: string, balance: string, sequence: number) => ({
  transaction_id: transaction, posting: 0, sequence, event_type: 'transaction.posted',
  effective_at: '2026-03-02T10:00:00Z', recorded_at: '2026-03-02T10:00:00Z', direction, amount, balance })

const STATEMENT = {
  account_code: 'wallet:alice', currency: 'USD', normal_balance: 'credit', from: '', to: '', opening_balance: '0.00',
  closing_balance: '70.00', total_debits: '30.00', total_credits: '100.00', pending: { debits: '5.00', credits: '0.00' },
}

describe('AccountPage', () => {
  let wallet: Account
  beforeEach(() => {
    wallet = account('wallet:alice', { name: "Alice's wallet", type: 'liability', normal_balance: 'credit',
      parent_code: 'customers', limits: { min_balance: '0.00', max_balance: null }, metadata: { tier: 2 },
      balances: { posted: '70.00', pending_debits: '5.00', pending_credits: '0.00', available: '65.00' } })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  let sequence = 40

  function api() {
    return fakeApi(({ url, method, body }) => {
      if (url.pathname === WALLET && method === 'PATCH') {
        const change = body as Partial<Account>
        if (change.limits?.max_balance === '5') {
          return { status: 422, body: { status: 422, code: 'INVALID_LIMITS', detail: 'min_balance 10.00 is above max_balance 5.00.' } }
        }
        wallet = { ...wallet, ...change, limits: change.limits ?? wallet.limits }
        sequence += 1
        return { body: wallet, headers: { 'Ledger-Sequence': String(sequence) } }
      }
      if (url.pathname === WALLET) return { body: wallet }
      if (url.pathname === `${WALLET}/balance-history`) {
        return { body: { currency: 'USD', opening_balance: '0.00', points: [
          { at: '2026-03-02T00:00:00Z', balance: '0.00' }, { at: '2026-03-03T00:00:00Z', balance: '70.00' }] } }
      }
      if (url.pathname === `${WALLET}/statement`) {
        return url.searchParams.get('cursor')
          ? { body: { ...STATEMENT, data: [line('t2', 'debit', '30.00', '70.00', 4)], next_cursor: null } }
          : { body: { ...STATEMENT, data: [line('t1', 'credit', '100.00', '100.00', 3)], next_cursor: 'page2' } }
      }
      return undefined
    })
  }

  it('shows the balances, the chart and the statement with its running balance, page after page', async () => {
    const user = userEvent.setup()
    const calls = api()
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts/wallet%3Aalice`, accountsFeature.ledgerRoutes)

    expect(await screen.findByRole('heading', { level: 1, name: "Alice's wallet" })).toBeInTheDocument()
    const balances = screen.getByRole('region', { name: 'Balances' })
    expect(within(balances).getByText('Available').nextElementSibling).toHaveTextContent('65.00 USD')
    expect(within(balances).getByText('Pending debits').nextElementSibling).toHaveTextContent('5.00 USD')
    expect(screen.getByRole('link', { name: 'customers' })).toHaveAttribute('href', `/ledgers/${LEDGER.id}/accounts/customers`)

    const chart = screen.getByRole('region', { name: 'Balance over time' })
    expect(await within(chart).findByRole('table', { name: 'Balance at the end of each day' })).toHaveTextContent('70.00 USD')

    const statement = screen.getByRole('region', { name: 'Statement' })
    const lines = await within(statement).findByRole('table', { name: /Postings of the period/ })
    expect(within(statement).getByText('Closing balance').nextElementSibling).toHaveTextContent('70.00 USD')
    expect(within(lines).getAllByRole('row')).toHaveLength(2)
    await user.click(within(statement).getByRole('button', { name: 'Load more' }))
    await waitFor(() => expect(within(lines).getAllByRole('row')).toHaveLength(3))
    expect(within(lines).getAllByRole('row')[2]).toHaveTextContent('30.00 USD')
    expect(within(lines).getAllByRole('row')[2]).toHaveTextContent('70.00 USD')

    const statementCalls = calls.filter(({ path }) => path.startsWith(`${WALLET}/statement`)).map(({ path }) => new URL(path, 'http://x'))
    expect(statementCalls[0].searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00[+-]\d{2}:\d{2}$/)
    expect(statementCalls[1].searchParams.get('cursor')).toBe('page2')
  })

  it('downloads the statement of the period as CSV', async () => {
    const user = userEvent.setup()
    const calls = api()
    const saved = vi.fn()
    URL.createObjectURL = vi.fn(() => 'blob:statement')
    URL.revokeObjectURL = vi.fn()
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click(this: HTMLAnchorElement) {
      saved(this.download)
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts/wallet%3Aalice`, accountsFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Download CSV' }))
    await waitFor(() => expect(saved).toHaveBeenCalledOnce())
    expect(saved.mock.calls[0][0]).toMatch(/^statement-wallet_alice-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/)
    const download = vi.mocked(fetch).mock.calls.find(([, init]) => (init?.headers as Record<string, string> | undefined)?.Accept)
    if (!download) {
      throw new Error('the CSV was not asked for')
    }
    expect(new Headers(download[1]?.headers).get('Accept')).toContain('text/csv')
    const path = new URL(String(download[0]), 'http://x')
    expect(path.pathname).toBe(`${WALLET}/statement`)
    expect(path.searchParams.has('cursor')).toBe(false)
    expect(path.searchParams.has('limit')).toBe(false)
    expect(calls.some(({ path }) => path.startsWith(`${WALLET}/statement?`))).toBe(true)
  })

  it('changes only the limits edited, shows a refusal next to them, and freezes after confirmation', async () => {
    const user = userEvent.setup()
    const calls = api()
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts/wallet%3Aalice`, accountsFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Edit account' }))
    const form = screen.getByRole('form', { name: 'Edit account' })
    expect(within(form).getByLabelText('Minimum balance')).toHaveValue('0.00')
    await user.clear(within(form).getByLabelText('Minimum balance'))
    await user.type(within(form).getByLabelText('Minimum balance'), '10')
    await user.type(within(form).getByLabelText('Maximum balance'), '5')
    await user.click(within(form).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(within(form).getByLabelText('Minimum balance'))
      .toHaveAccessibleDescription(/min_balance 10.00 is above max_balance 5.00/))

    await user.clear(within(form).getByLabelText('Maximum balance'))
    await user.type(within(form).getByLabelText('Maximum balance'), '1000')
    await user.click(within(form).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit account' })).toBeNull())
    const patches = calls.filter(({ method }) => method === 'PATCH').map(({ body }) => body)
    expect(patches.at(-1)).toEqual({ limits: { min_balance: '10', max_balance: '1000' } })

    await user.click(screen.getByRole('button', { name: 'Freeze' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Freeze wallet:alice?' })
    await user.click(within(dialog).getByRole('button', { name: 'Freeze' }))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Reopen' })).toBeInTheDocument())
    expect(calls.filter(({ method }) => method === 'PATCH').at(-1)?.body).toEqual({ status: 'frozen' })
    // the account is read again as of the freeze's sequence (Ledger-Sequence)
    await waitFor(() => expect(calls.filter(({ method, url }) => method === 'GET' && url.pathname === WALLET)
      .at(-1)?.url.searchParams.get('min_sequence')).toBe(String(sequence)))
  })

  it('says so when the account does not exist', async () => {
    fakeApi(({ url }) => url.pathname.endsWith('/nobody')
      ? { status: 404, body: { status: 404, code: 'ACCOUNT_NOT_FOUND', detail: 'No account nobody in this ledger.' } } : undefined)
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts/nobody`, accountsFeature.ledgerRoutes)
    expect(await screen.findByRole('alert')).toHaveTextContent('No account nobody in this ledger.')
    expect(screen.getByRole('link', { name: 'Back to the accounts' })).toBeInTheDocument()
  })
})
