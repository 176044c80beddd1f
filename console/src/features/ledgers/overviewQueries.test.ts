import { describe, expect, it } from 'vitest'
import { debitsByCurrency } from './overviewQueries'
import type { TransactionSummary } from './types'

const transaction = (postings: TransactionSummary['postings']): TransactionSummary =>
  ({ id: 't', sequence: 1, external_id: null, status: 'posted', currency: 'USD', recorded_at: '', postings })

describe('debitsByCurrency', () => {
  it('adds the debits of each currency exactly, ignoring the credits', () => {
    expect(debitsByCurrency(transaction([
      { direction: 'debit', amount: '0.10', currency: 'USD' },
      { direction: 'debit', amount: '0.20', currency: 'USD' },
      { direction: 'credit', amount: '0.30', currency: 'USD' },
      { direction: 'debit', amount: '12345678901234567.123456', currency: 'USDC' },
      { direction: 'credit', amount: '12345678901234567.123456', currency: 'USDC' },
    ]))).toEqual([{ currency: 'USD', amount: '0.30' }, { currency: 'USDC', amount: '12345678901234567.123456' }])
  })
})
