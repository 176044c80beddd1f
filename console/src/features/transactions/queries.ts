import { useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post, withQuery } from '../../api/client'
import { useCursorPages } from '../../api/cursorPages'
import type { CursorPage } from '../../api/cursorPages'
import type {
  AccountSummary, EventPage, NewTransaction, PostingAmounts, Transaction, TransactionFilters, TransactionWritten,
} from './types'

const base = (ledgerId: string) => `/v1/ledgers/${ledgerId}/transactions`

export const transactionsKey = (ledgerId: string) => ['ledgers', ledgerId, 'transactions'] as const
const transactionKey = (ledgerId: string, transactionId: string) => [...transactionsKey(ledgerId), 'one', transactionId]

/** The list's query parameters: the filters as given, metadata ones as metadata[key]. */
export function listQuery(filters: TransactionFilters): Record<string, string | undefined> {
  const { metadata = [], ...plain } = filters
  const query: Record<string, string | undefined> = { ...plain }
  for (const [key, value] of metadata) {
    if (key) {
      query[`metadata[${key}]`] = value
    }
  }
  return query
}

export function useTransactionList(ledgerId: string, filters: TransactionFilters) {
  const query = listQuery(filters)
  return useCursorPages<Transaction>([...transactionsKey(ledgerId), 'list', query],
    (cursor) => withQuery(base(ledgerId), { ...query, limit: 50, cursor }))
}

export const fetchTransaction = (ledgerId: string, transactionId: string, minSequence?: number) =>
  get<Transaction>(withQuery(`${base(ledgerId)}/${transactionId}`, { min_sequence: minSequence }))

/** One transaction; minSequence: wait for the write that made it (or changed it) to reach the read model. */
export function useTransaction(ledgerId: string, transactionId: string, minSequence?: number) {
  return useQuery({
    queryKey: transactionKey(ledgerId, transactionId),
    queryFn: () => fetchTransaction(ledgerId, transactionId, minSequence),
  })
}

/** The hash of the event that recorded a transaction (the feed is current as soon as a write is answered). */
export function useRecordingEvent(ledgerId: string, sequence: number | undefined) {
  return useQuery({
    queryKey: ['ledgers', ledgerId, 'events', sequence],
    enabled: sequence !== undefined,
    staleTime: Infinity,
    queryFn: async () => {
      const page = await get<EventPage>(withQuery(`/v1/ledgers/${ledgerId}/events`,
        { after_sequence: (sequence ?? 1) - 1, limit: 1 }))
      return page.data.find((event) => event.sequence === sequence) ?? null
    },
  })
}

/** The ledger's accounts, to suggest codes and their currencies (at most the first 1,000). */
export function useAccountSuggestions(ledgerId: string) {
  return useQuery({
    queryKey: ['ledgers', ledgerId, 'accounts', 'suggestions'],
    queryFn: () => get<CursorPage<AccountSummary>>(withQuery(`/v1/ledgers/${ledgerId}/accounts`, { limit: 1000 })),
    select: (page) => page.data,
    staleTime: 60_000,
  })
}

export const postTransaction = (ledgerId: string, body: NewTransaction) =>
  post<TransactionWritten>(base(ledgerId), body)

export const commitHold = (ledgerId: string, transactionId: string, body: PostingAmounts) =>
  post<TransactionWritten>(`${base(ledgerId)}/${transactionId}/post`, body)

export const voidHold = (ledgerId: string, transactionId: string, idempotencyKey: string) =>
  post<TransactionWritten>(`${base(ledgerId)}/${transactionId}/void`, { idempotency_key: idempotencyKey })

export const reverseTransaction = (ledgerId: string, transactionId: string, body: PostingAmounts) =>
  post<TransactionWritten>(`${base(ledgerId)}/${transactionId}/reversal`, body)

/**
 * After a commit, void or reversal: the transaction as of that write (read with its sequence) replaces the
 * one shown, and the ledger's lists are read again. The write is done whatever this read answers.
 */
export function useRefreshAfterWrite(ledgerId: string) {
  const queryClient = useQueryClient()
  return async (transactionId: string, ledgerSequence: number) => {
    try {
      queryClient.setQueryData(transactionKey(ledgerId, transactionId),
        await fetchTransaction(ledgerId, transactionId, ledgerSequence))
    } catch {
      // shown by the page's own query, read again below
    }
    await queryClient.invalidateQueries({ queryKey: ['ledgers', ledgerId] })
  }
}
