// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent, { type UserEvent } from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import { TransactionForm } from './TransactionForm'
import type { NewTransaction, TransactionWritten } from './types'

const ACCOUNTS = [
  { code: 'cash', name: 'Cash', currency: 'USD' },
  { code: 'revenue', name: 'Revenue', currency: 'USD' },
  { code: 'cash-eur', name: 'Cash in euros', currency: 'EUR' },
]
const WRITTEN: TransactionWritten = { transaction_id: 'tx-1', status: 'accepted', ledger_sequence: 7 }

function renderForm(submit = vi.fn<(request: NewTransaction) => Promise<TransactionWritten>>().mockResolvedValue(WRITTEN)) {
  const onPosted = vi.fn()
  render(<TransactionForm ledgerCurrency="USD" accounts={ACCOUNTS} submit={submit} onPosted={onPosted} />)
  return { submit, onPosted, user: userEvent.setup({ delay: null }) }
}

const posting = (n: number) => within(screen.getByRole('group', { name: `Posting ${n}` }))
const send = () => screen.getByRole('button', { name: /^(Post|Hold) transaction$/ })

async function fill(user: UserEvent, n: number, account: string, direction: 'Debit' | 'Credit', amount: string) {
  await user.clear(posting(n).getByLabelText('Account'))
  await user.type(posting(n).getByLabelText('Account'), account)
  await user.selectOptions(posting(n).getByLabelText('Direction'), direction)
  await user.clear(posting(n).getByLabelText('Amount'))
  await user.type(posting(n).getByLabelText('Amount'), amount)
}

describe('TransactionForm', { timeout: 30_000 }, () => {
  it('sends only once debits equal credits in every currency', async () => {
    const { user, submit } = renderForm()
    expect(send()).toBeDisabled()

    await fill(user, 1, 'cash', 'Debit', '100.00')
    await fill(user, 2, 'revenue', 'Credit', '99.99')
    expect(screen.getByText(/Not balanced: debits and credits differ in USD by 0.01/)).toBeInTheDocument()
    expect(send()).toBeDisabled()

    await user.clear(posting(2).getByLabelText('Amount'))
    await user.type(posting(2).getByLabelText('Amount'), '100')
    expect(screen.getByText('Balanced in USD.')).toBeInTheDocument()
    expect(send()).toBeEnabled()

    // a second currency must balance on its own: a euro debit is not offset by dollar credits
    await user.click(screen.getByRole('button', { name: 'Add posting' }))
    await fill(user, 3, 'cash-eur', 'Debit', '5')
    expect(posting(3).getByLabelText('Currency')).toHaveValue('EUR')
    expect(screen.getByText(/differ in EUR by 5/)).toBeInTheDocument()
    const eur = screen.getByRole('row', { name: /^EUR/ })
    expect(within(eur).getByText('Not balanced')).toBeInTheDocument()
    expect(send()).toBeDisabled()
    await user.click(send())
    expect(submit).not.toHaveBeenCalled()
  })

  it('removes a posting and balances again without it', async () => {
    const { user } = renderForm()
    await fill(user, 1, 'cash', 'Debit', '10')
    await fill(user, 2, 'revenue', 'Credit', '10')
    expect(screen.getByRole('button', { name: 'Remove posting 1' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Add posting' }))
    await fill(user, 3, 'revenue', 'Credit', '2.50')
    expect(send()).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Remove posting 3' }))
    expect(screen.queryByRole('group', { name: 'Posting 3' })).toBeNull()
    expect(screen.getByText('Balanced in USD.')).toBeInTheDocument()
    expect(send()).toBeEnabled()
  })

  it('shows the field problems of a refusal next to their postings, and a refusal\'s detail', async () => {
    const submit = vi.fn<(request: NewTransaction) => Promise<TransactionWritten>>()
      .mockRejectedValueOnce(new ApiError({ status: 400, code: 'VALIDATION_FAILED', detail: 'The request is not valid.',
        errors: [{ field: 'postings[1].amount', message: 'must have at most 2 decimal places' },
          { field: 'currency', message: 'is not a currency' }] }))
      .mockRejectedValueOnce(new ApiError({ status: 422, code: 'INSUFFICIENT_FUNDS',
        detail: 'Account cash cannot go below its lowest balance 0.00.' }))
    const { user, onPosted } = renderForm(submit)
    await fill(user, 1, 'cash', 'Credit', '10')
    await fill(user, 2, 'revenue', 'Debit', '10')

    await user.click(send())
    // the refusal comes back after the click: wait for it
    await waitFor(() => expect(posting(2).getByLabelText('Amount')).toHaveAccessibleDescription('must have at most 2 decimal places'))
    expect(posting(2).getByLabelText('Amount')).toBeInvalid()
    expect(posting(1).getByLabelText('Amount')).toBeValid()
    expect(screen.getByRole('alert')).toHaveTextContent('The request is not valid.')
    expect(screen.getByText('is not a currency')).toBeInTheDocument()

    await user.click(send())
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Account cash cannot go below its lowest balance 0.00.'))
    expect(posting(2).getByLabelText('Amount')).toBeValid()
    expect(onPosted).not.toHaveBeenCalled()
  })

  it('keeps the idempotency key across retries of a submission, and a double click posts once', async () => {
    let answer: (written: TransactionWritten) => void = () => {}
    const submit = vi.fn<(request: NewTransaction) => Promise<TransactionWritten>>()
      .mockRejectedValueOnce(new ApiError({ status: 0, detail: 'The service cannot be reached. Check your connection and try again.' }))
      .mockImplementationOnce(() => new Promise((resolve) => { answer = resolve }))
    const { user, onPosted } = renderForm(submit)
    await fill(user, 1, 'cash', 'Debit', '10')
    await fill(user, 2, 'revenue', 'Credit', '10')
    await user.type(screen.getByLabelText('External id (optional)'), 'order-9')

    await user.click(send())
    expect(await screen.findByRole('alert')).toHaveTextContent('cannot be reached')

    await user.dblClick(send())
    expect(submit).toHaveBeenCalledTimes(2)
    expect(screen.getByRole('button', { name: 'Posting…' })).toBeDisabled()
    answer(WRITTEN)
    await screen.findByRole('button', { name: 'Post transaction' })

    const [first, second] = submit.mock.calls.map(([request]) => request)
    expect(first.idempotency_key).toMatch(/^[0-9a-f-]{36}$/)
    expect(second.idempotency_key).toBe(first.idempotency_key)
    expect(second).toEqual({ idempotency_key: first.idempotency_key, external_id: 'order-9', postings: [
      { account_code: 'cash', direction: 'debit', amount: '10', currency: 'USD' },
      { account_code: 'revenue', direction: 'credit', amount: '10', currency: 'USD' }] })
    expect(onPosted).toHaveBeenCalledExactlyOnceWith(WRITTEN)
  })

  it('holds a transaction until its expiry, with metadata as pairs or as JSON', async () => {
    const { user, submit } = renderForm()
    await fill(user, 1, 'cash', 'Debit', '70')
    await fill(user, 2, 'revenue', 'Credit', '70')
    await user.click(screen.getByLabelText('Hold only (pending until committed or voided)'))
    fireEvent.change(screen.getByLabelText('Hold expires at (optional; default never)'), { target: { value: '2030-01-02T03:04:05' } })
    await user.click(screen.getByRole('button', { name: 'Add metadata' }))
    await user.type(screen.getByLabelText('Key 1'), 'order')
    await user.type(screen.getByLabelText('Value 1'), '42')
    await user.click(screen.getByRole('radio', { name: 'JSON' }))
    expect(screen.getByLabelText('Metadata JSON')).toHaveValue('{\n  "order": "42"\n}')
    await user.clear(screen.getByLabelText('Metadata JSON'))
    await user.type(screen.getByLabelText('Metadata JSON'), '[[1]')
    await user.click(send())
    expect(screen.getByText('Metadata must be a JSON object, such as {"order": "123"}')).toBeInTheDocument()
    expect(submit).not.toHaveBeenCalled()

    await user.clear(screen.getByLabelText('Metadata JSON'))
    await user.type(screen.getByLabelText('Metadata JSON'), '{{"tier": 2}')
    await user.click(send())
    expect(submit).toHaveBeenCalledOnce()
    const request = submit.mock.calls[0][0]
    expect(request).toMatchObject({ status: 'pending', metadata: { tier: 2 } })
    expect(request.expires_at).toMatch(/^2030-01-02T03:04:05[+-]\d\d:\d\d$/)
  })
})
