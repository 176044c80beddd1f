// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TransactionsPage } from './TransactionsPage'
import { LEDGER, fakeApi, json, problem, renderLedgerPage } from '../../test/renderPage'
import type { Transaction } from './types'

const transaction = (n: number): Transaction => ({
  id: `00000000-0000-4000-8000-00000000000${n}`, ledger_id: LEDGER.id, sequence: n, external_id: `order-${n}`,
  idempotency_key: `k${n}`, status: 'posted', currency: 'USD', occurred_at: '2026-03-02T10:00:00Z',
  recorded_at: '2026-03-02T10:00:00Z', expires_at: null, committed_at: null, voided_at: null, void_reason: null,
  reversal_of: null, reversed_by: [], schedule_id: null, metadata: {},
  postings: [
    { account_code: 'cash', direction: 'debit', amount: '1234.50', currency: 'USD', pending_amount: null, released: null,
      reversed_amount: '0.00', original_posting: null },
    { account_code: 'revenue', direction: 'credit', amount: '1234.50', currency: 'USD', pending_amount: null, released: null,
      reversed_amount: '0.00', original_posting: null },
  ],
})
const routes = [{ path: 'transactions', element: <TransactionsPage /> }]

describe('TransactionsPage', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('lists transactions page after page, each linking to its page', async () => {
    const calls = fakeApi((call) => {
      if (call.path.includes('/accounts')) return json({ data: [], next_cursor: null })
      return call.path.includes('cursor=c2')
        ? json({ data: [transaction(1)], next_cursor: null })
        : json({ data: [transaction(3), transaction(2)], next_cursor: 'c2' })
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/transactions`, routes)
    const user = userEvent.setup({ delay: null })
    expect(await screen.findByText('order-3')).toBeInTheDocument()
    expect(screen.getAllByRole('row')).toHaveLength(3)
    expect(screen.getAllByText('1,234.50 USD')).toHaveLength(2)
    await user.click(screen.getByRole('button', { name: 'Load more' }))
    expect(await screen.findByText('order-1')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()
    expect(screen.getByRole('row', { name: /order-3/ }).querySelector('a')).toHaveAttribute('href',
      `/ledgers/${LEDGER.id}/transactions/${transaction(3).id}`)
    const lists = calls.filter((call) => call.path.includes('/transactions'))
    expect(lists.map((call) => call.path)).toEqual([`/v1/ledgers/${LEDGER.id}/transactions?limit=50`,
      `/v1/ledgers/${LEDGER.id}/transactions?limit=50&cursor=c2`])
  })

  it('asks the API with the filters given, and shows its problems next to them', async () => {
    const calls = fakeApi((call) => {
      if (call.path.includes('/accounts')) return json({ data: [], next_cursor: null })
      if (call.path.includes('occurred_from')) {
        return problem(400, { code: 'VALIDATION_FAILED', detail: 'The query is not valid.',
          errors: [{ field: 'occurred_from', message: 'must not be after occurred_to' }] })
      }
      return json(call.path.includes('status=pending') ? { data: [], next_cursor: null } : { data: [transaction(1)], next_cursor: null })
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/transactions`, routes)
    const user = userEvent.setup({ delay: null })
    await screen.findByText('order-1')
    await user.click(screen.getByText('Filters'))
    await user.selectOptions(screen.getByLabelText('Status'), 'pending')
    await user.type(screen.getByLabelText('Account'), 'wallet:alice')
    await user.type(screen.getByLabelText('Metadata key'), 'tier')
    await user.type(screen.getByLabelText('Metadata value'), '2')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    expect(await screen.findByText('No transaction matches these filters.')).toBeInTheDocument()
    const query = new URLSearchParams(calls.at(-1)!.path.split('?')[1])
    expect(Object.fromEntries(query)).toEqual({ status: 'pending', account: 'wallet:alice', 'metadata[tier]': '2', limit: '50' })

    fireEvent.change(screen.getByLabelText('Occurred from'), { target: { value: '2026-03-02T00:00:00' } })
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The query is not valid.')
    expect(screen.getByLabelText('Occurred from')).toHaveAccessibleDescription('must not be after occurred_to')
    expect(new URLSearchParams(calls.at(-1)!.path.split('?')[1]).get('occurred_from')).toMatch(/^2026-03-02T00:00:00[+-]\d\d:\d\d$/)

    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(await screen.findByText('order-1')).toBeInTheDocument()
  })
})
