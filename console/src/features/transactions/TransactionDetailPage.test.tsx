// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TransactionDetailPage } from './TransactionDetailPage'
import { LEDGER, fakeApi, json, problem, renderLedgerPage, type Call } from '../../test/renderPage'
import type { Transaction } from './types'

const HOLD: Transaction = {
  id: 'c3d9e1f2-7a4b-4c5d-8e6f-9a0b1c2d3e4f', ledger_id: LEDGER.id, sequence: 9, external_id: 'order-42',
  idempotency_key: 'hold-42', status: 'pending', currency: 'USD', occurred_at: '2026-03-02T10:42:07Z',
  recorded_at: '2026-03-02T10:42:07Z', expires_at: '2030-03-03T00:00:00Z', committed_at: null, voided_at: null,
  void_reason: null, reversal_of: null, reversed_by: [], schedule_id: null, metadata: { channel: 'web' },
  postings: [
    { account_code: 'wallet:alice', direction: 'debit', amount: '70.00', currency: 'USD', pending_amount: '70.00',
      released: null, reversed_amount: '0.00', original_posting: null },
    { account_code: 'merchant', direction: 'credit', amount: '70.00', currency: 'USD', pending_amount: '70.00',
      released: null, reversed_amount: '0.00', original_posting: null },
  ],
}
const COMMITTED: Transaction = { ...HOLD, status: 'posted', committed_at: '2026-03-02T10:50:11Z',
  postings: HOLD.postings.map((posting) => ({ ...posting, amount: '50.00', released: '20.00' })) }
const REVERSAL_ID = 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9'
const EVENT = { data: [{ event_id: 'ev', event_type: 'transaction.pending', sequence: 9, recorded_at: HOLD.recorded_at,
  hash: '5dfd7fe164bfdafe7721a141d4108b25645b14e6b85e26e535e480feb4f7e123' }], next_after_sequence: 9, has_more: false }

const url = `/ledgers/${LEDGER.id}/transactions/${HOLD.id}`
const routes = [{ path: 'transactions/:transactionId', element: <TransactionDetailPage /> }]
const writes = (calls: Call[]) => calls.filter((call) => call.method === 'POST')

describe('TransactionDetailPage', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows a hold and commits part of it, the amounts balanced, confirmed, and read back at the commit\'s sequence', async () => {
    let current = HOLD
    const calls = fakeApi((call) => {
      if (call.path.includes('/events')) return json(EVENT)
      if (call.path.endsWith('/post')) {
        current = COMMITTED
        return json({ transaction_id: HOLD.id, status: 'posted', ledger_sequence: 10 })
      }
      return json(current)
    })
    renderLedgerPage(url, routes)
    const user = userEvent.setup({ delay: null })
    expect(await screen.findByText('order-42')).toBeInTheDocument()
    expect(await screen.findByText(EVENT.data[0].hash)).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Hold' })).toBeInTheDocument()
    expect(screen.getByText(/"channel": "web"/)).toBeInTheDocument()

    const first = screen.getByLabelText('Amount to commit, posting 1')
    await user.clear(first)
    await user.type(first, '50')
    expect(screen.getByRole('button', { name: 'Commit hold' })).toBeDisabled()
    await user.clear(screen.getByLabelText('Amount to commit, posting 2'))
    await user.type(screen.getByLabelText('Amount to commit, posting 2'), '80')
    expect(screen.getByLabelText('Amount to commit, posting 2')).toHaveAccessibleDescription('is more than 70.00')
    expect(screen.getByRole('button', { name: 'Commit hold' })).toBeDisabled()
    await user.clear(screen.getByLabelText('Amount to commit, posting 2'))
    await user.type(screen.getByLabelText('Amount to commit, posting 2'), '50.00')

    await user.click(screen.getByRole('button', { name: 'Commit hold' }))
    await user.click(within(screen.getByRole('alertdialog', { name: 'Commit this hold?' })).getByRole('button', { name: 'Commit hold' }))
    expect(await screen.findByText('committed')).toBeInTheDocument()
    const [commit] = writes(calls)
    expect(commit.path).toBe(`/v1/ledgers/${LEDGER.id}/transactions/${HOLD.id}/post`)
    expect(commit.body).toEqual({ idempotency_key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      postings: [{ amount: '50' }, { amount: '50.00' }] })
    expect(calls.some((call) => call.path.endsWith(`${HOLD.id}?min_sequence=10`))).toBe(true)
    expect(screen.queryByRole('button', { name: 'Commit hold' })).toBeNull()
    expect(screen.getAllByText('20.00')).toHaveLength(2)
  })

  it('voids a hold only once confirmed, and shows a refusal in the dialog', async () => {
    let voids = 0
    fakeApi((call) => {
      if (call.path.includes('/events')) return json(EVENT)
      if (call.path.endsWith('/void')) {
        voids += 1
        return problem(409, { code: 'TRANSACTION_NOT_PENDING', detail: 'The transaction was committed already.' })
      }
      return json(HOLD)
    })
    renderLedgerPage(url, routes)
    const user = userEvent.setup({ delay: null })
    await user.click(await screen.findByRole('button', { name: 'Void hold' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel' }))
    expect(voids).toBe(0)
    await user.click(screen.getByRole('button', { name: 'Void hold' }))
    await user.click(within(screen.getByRole('alertdialog', { name: 'Void this hold?' })).getByRole('button', { name: 'Void hold' }))
    expect(await within(screen.getByRole('alertdialog')).findByRole('alert')).toHaveTextContent('The transaction was committed already.')
    expect(voids).toBe(1)
  })

  it('reverses all that is left and links to the reversal', async () => {
    let current: Transaction = { ...COMMITTED, committed_at: null, expires_at: null, status: 'posted',
      postings: COMMITTED.postings.map((posting) => ({ ...posting, pending_amount: null, released: null, reversed_amount: '10.00' })) }
    const calls = fakeApi((call) => {
      if (call.path.includes('/events')) return json(EVENT)
      if (call.path.endsWith('/reversal')) {
        current = { ...current, reversed_by: [REVERSAL_ID], postings: current.postings.map((p) => ({ ...p, reversed_amount: '50.00' })) }
        return json({ transaction_id: REVERSAL_ID, status: 'accepted', ledger_sequence: 12, reversal_of: HOLD.id }, 201)
      }
      return json(current)
    })
    renderLedgerPage(url, routes)
    const user = userEvent.setup({ delay: null })
    expect(await screen.findByLabelText('Amount to reverse, posting 1')).toHaveValue('40.00')
    await user.click(screen.getByRole('button', { name: 'Reverse' }))
    await user.click(within(screen.getByRole('alertdialog', { name: 'Reverse this transaction?' })).getByRole('button', { name: 'Reverse' }))

    const status = await screen.findByRole('status')
    expect(within(status).getByRole('link', { name: REVERSAL_ID })).toHaveAttribute('href', `/ledgers/${LEDGER.id}/transactions/${REVERSAL_ID}`)
    expect(writes(calls)[0].body).toEqual({ idempotency_key: expect.any(String) })
    expect(await screen.findByText('Everything this transaction posted has been reversed.')).toBeInTheDocument()
  })

  it('shows the problem\'s detail when the transaction cannot be read', async () => {
    fakeApi(() => problem(404, { code: 'TRANSACTION_NOT_FOUND', detail: 'No transaction has this id.' }))
    renderLedgerPage(url, routes)
    expect(await screen.findByRole('alert')).toHaveTextContent('No transaction has this id.')
  })
})
