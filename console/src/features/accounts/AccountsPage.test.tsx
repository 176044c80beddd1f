// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LEDGER, fakeApi, renderLedgerPage } from '../../test/renderPage'
import { account } from './fixtures'
import { accountsFeature } from './routes'

const ACCOUNTS = `/v1/ledgers/${LEDGER.id}/accounts`

// typing a whole form takes a while on a busy machine
vi.setConfig({ testTimeout: 30_000 })

describe('AccountsPage', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads every page and shows the tree with exact balances, expandable with the keyboard', async () => {
    const user = userEvent.setup()
    const calls = fakeApi(({ url }) => {
      if (url.pathname !== ACCOUNTS) return undefined
      return url.searchParams.get('cursor')
        ? { body: { data: [account('customers:bob', { type: 'liability', normal_balance: 'credit', parent_code: 'customers',
          balances: { posted: '12345678901234567.89', pending_debits: '0.00', pending_credits: '0.00', available: '12345678901234567.89' } })],
          next_cursor: null } }
        : { body: { data: [account('customers', { type: 'liability', normal_balance: 'credit' }),
          account('customers:alice', { type: 'liability', normal_balance: 'credit', parent_code: 'customers', status: 'frozen',
            balances: { posted: '100.00', pending_debits: '70.00', pending_credits: '0.00', available: '30.00' } })],
          next_cursor: 'next' } }
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts`, accountsFeature.ledgerRoutes)

    const table = await screen.findByRole('table', { name: 'Accounts of Main' })
    expect(calls.filter(({ path }) => path.startsWith(ACCOUNTS)).map(({ path }) => path))
      .toEqual([`${ACCOUNTS}?limit=1000`, `${ACCOUNTS}?limit=1000&cursor=next`])
    const alice = within(table).getByRole('row', { name: /customers:alice/ })
    expect(alice).toHaveTextContent('frozen')
    expect(alice).toHaveTextContent('100.00 USD')
    expect(alice).toHaveTextContent('70.00 USD')
    expect(alice).toHaveTextContent('30.00 USD')
    expect(within(table).getByRole('row', { name: /customers:bob/ })).toHaveTextContent('12,345,678,901,234,567.89 USD')
    expect(screen.getByRole('table', { name: /added up per currency/ })).toHaveTextContent('12,345,678,901,234,667.89 USD')

    const toggle = within(table).getByRole('button', { name: 'Collapse customers (2 sub-accounts)' })
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    toggle.focus()
    await user.keyboard('{Enter}')
    expect(within(table).queryByRole('row', { name: /customers:alice/ })).toBeNull()
    expect(within(table).getByRole('button', { name: 'Expand customers (2 sub-accounts)' })).toHaveAttribute('aria-expanded', 'false')
    await user.keyboard(' ')
    expect(within(table).getByRole('row', { name: /customers:alice/ })).toBeInTheDocument()
    await user.keyboard('{ArrowLeft}')
    expect(within(table).queryByRole('row', { name: /customers:bob/ })).toBeNull()
    await user.keyboard('{ArrowLeft}')
    expect(within(table).getByRole('button', { name: /^Expand customers/ })).toHaveFocus()
    await user.keyboard('{ArrowRight}')
    expect(within(table).getByRole('row', { name: /customers:bob/ })).toBeInTheDocument()
  })

  it('sends the filters the API offers and says when nothing matches', async () => {
    const user = userEvent.setup()
    const calls = fakeApi(({ url }) => url.pathname === ACCOUNTS
      ? { body: { data: url.searchParams.has('type') ? [] : [account('cash')], next_cursor: null } } : undefined)
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts`, accountsFeature.ledgerRoutes)
    await screen.findByRole('table', { name: 'Accounts of Main' })

    await user.selectOptions(screen.getByLabelText('Type'), 'liability')
    await user.selectOptions(screen.getByLabelText('Status'), 'frozen')
    await user.type(screen.getByLabelText('Code prefix'), 'wallet:')
    await user.type(screen.getByLabelText('Currency'), 'EUR')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))

    expect(await screen.findByText('No account matches these filters.')).toBeInTheDocument()
    expect(calls.at(-1)?.path).toBe(`${ACCOUNTS}?type=liability&status=frozen&code_prefix=wallet%3A&currency=EUR&limit=1000`)
  })

  it('shows the problem of a failed read', async () => {
    fakeApi(() => ({ status: 503, body: { status: 503, code: 'REGISTRY_UNAVAILABLE', detail: 'The registry cannot be reached.' } }))
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts`, accountsFeature.ledgerRoutes)
    expect(await screen.findByRole('alert')).toHaveTextContent('The registry cannot be reached.')
  })

  it('opens an account, and shows each refusal next to its input', async () => {
    const user = userEvent.setup()
    let refused = 0
    const calls = fakeApi(({ url, method }) => {
      if (method === 'POST') {
        refused += 1
        if (refused === 1) {
          return { status: 400, body: { status: 400, code: 'VALIDATION_FAILED', detail: 'The request is not valid.',
            errors: [{ field: 'code', message: 'must be 1-64 characters of A-Z a-z 0-9 _ . : -' },
              { field: 'limits.min_balance', message: 'must be a decimal string such as "100.00"' }] } }
        }
        if (refused === 2) {
          return { status: 422, body: { status: 422, code: 'PARENT_NOT_FOUND', detail: 'No account nobody in this ledger.' } }
        }
        return { status: 201, body: account('wallet:alice'), headers: { 'Ledger-Sequence': '7' } }
      }
      if (url.pathname === `${ACCOUNTS}/wallet%3Aalice`) return { body: account('wallet:alice') }
      return url.pathname === ACCOUNTS ? { body: { data: [], next_cursor: null } } : undefined
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/accounts`, accountsFeature.ledgerRoutes)
    expect(await screen.findByText(/No accounts yet/)).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'New account' }))
    const form = screen.getByRole('form', { name: 'New account' })
    await user.type(within(form).getByLabelText('Code'), 'bad code!')
    await user.type(within(form).getByLabelText('Name'), "Alice's wallet")
    await user.selectOptions(within(form).getByLabelText('Type'), 'liability')
    await user.type(within(form).getByLabelText('Minimum balance'), '1e3')
    await user.type(within(form).getByLabelText('Metadata (JSON)'), '[[1]')
    await user.click(within(form).getByRole('button', { name: 'Create account' }))
    expect(within(form).getByLabelText('Metadata (JSON)')).toHaveAccessibleDescription(/must be a JSON object/)
    expect(calls.filter(({ method }) => method === 'POST')).toHaveLength(0)

    await user.clear(within(form).getByLabelText('Metadata (JSON)'))
    await user.type(within(form).getByLabelText('Metadata (JSON)'), '{{"tier": 2}')
    await user.click(within(form).getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(within(form).getByLabelText('Code')).toHaveAccessibleDescription(/must be 1-64 characters/))
    expect(within(form).getByLabelText('Code')).toHaveAttribute('aria-invalid', 'true')
    expect(within(form).getByLabelText('Minimum balance')).toHaveAccessibleDescription(/must be a decimal string/)
    expect(calls.find(({ method }) => method === 'POST')?.body).toEqual({ code: 'bad code!', name: "Alice's wallet",
      type: 'liability', limits: { min_balance: '1e3', max_balance: null }, metadata: { tier: 2 } })

    await user.clear(within(form).getByLabelText('Code'))
    await user.type(within(form).getByLabelText('Code'), 'wallet:alice')
    await user.type(within(form).getByLabelText('Parent account'), 'nobody')
    await user.click(within(form).getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(within(form).getByLabelText('Parent account'))
      .toHaveAccessibleDescription(/No account nobody in this ledger./))

    await user.clear(within(form).getByLabelText('Parent account'))
    await user.click(within(form).getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText(/opened\./)).toHaveTextContent('Account wallet:alice opened.')
    expect(calls.filter(({ method }) => method === 'POST').at(-1)?.body).not.toHaveProperty('parent_code')
    // the tree is read again as of the write's sequence (Ledger-Sequence), not polled
    await waitFor(() => expect(calls.filter(({ method, url }) => method === 'GET' && url.pathname === ACCOUNTS)
      .at(-1)?.url.searchParams.get('min_sequence')).toBe('7'))
  })
})
