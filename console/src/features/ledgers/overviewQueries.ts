import { useQuery } from '@tanstack/react-query'
import { get } from '../../api/client'
import type { CursorPage } from '../../api/cursorPages'
import { add, formatDecimal, parseDecimal, ZERO, type Decimal } from '../../money/decimal'
import type { LedgerOverview, Projection, TransactionSummary } from './types'

export const LATEST_TRANSACTIONS = 5

export function useOverview(ledgerId: string) {
  return useQuery({ queryKey: ['ledgers', ledgerId, 'overview'],
    queryFn: () => get<LedgerOverview>(`/v1/ledgers/${ledgerId}/overview`) })
}

export function useProjection(ledgerId: string) {
  return useQuery({ queryKey: ['ledgers', ledgerId, 'projection'],
    queryFn: () => get<Projection>(`/v1/ledgers/${ledgerId}/projection`), refetchInterval: 10_000 })
}

export function useLatestTransactions(ledgerId: string) {
  return useQuery({ queryKey: ['ledgers', ledgerId, 'transactions', 'latest'],
    queryFn: () => get<CursorPage<TransactionSummary>>(`/v1/ledgers/${ledgerId}/transactions?limit=${LATEST_TRANSACTIONS}`) })
}

/** What a transaction moves: the sum of its debits in each currency, exactly ("100.00 USD"). */
export function debitsByCurrency(transaction: TransactionSummary): { currency: string; amount: string }[] {
  const sums = new Map<string, Decimal>()
  for (const posting of transaction.postings) {
    const amount = parseDecimal(posting.amount)
    if (posting.direction === 'debit' && amount) {
      sums.set(posting.currency, add(sums.get(posting.currency) ?? ZERO, amount))
    }
  }
  return [...sums].map(([currency, sum]) => ({ currency, amount: formatDecimal(sum) }))
}
