import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, withQuery, write } from '../../api/client'
import type { CursorPage } from '../../api/cursorPages'
import { rememberWrite, writtenSequence } from '../../api/readAfterWrite'
import type { Account, AccountChange, AccountFilters, AccountRecord, BalanceHistory, NewAccount } from './types'

const PAGE_SIZE = 1000

export const accountsPath = (ledgerId: string) => `/v1/ledgers/${ledgerId}/accounts`
export const accountPath = (ledgerId: string, code: string) => `${accountsPath(ledgerId)}/${encodeURIComponent(code)}`

const accountsKey = (ledgerId: string) => ['ledgers', ledgerId, 'accounts'] as const

/**
 * Every account that passes the filters: the pages read one after the other (1,000 a page), the first as of
 * minSequence at least (a write's, see api/readAfterWrite).
 */
export async function readAllAccounts(ledgerId: string, filters: AccountFilters, minSequence?: number): Promise<Account[]> {
  const accounts: Account[] = []
  let cursor: string | undefined
  do {
    const page = await get<CursorPage<Account>>(withQuery(accountsPath(ledgerId),
      { ...filters, limit: PAGE_SIZE, cursor, min_sequence: cursor ? undefined : minSequence }))
    accounts.push(...page.data)
    cursor = page.next_cursor ?? undefined
  } while (cursor)
  return accounts
}

export function useAllAccounts(ledgerId: string, filters: AccountFilters) {
  const client = useQueryClient()
  return useQuery({
    queryKey: [...accountsKey(ledgerId), 'all', filters],
    queryFn: () => readAllAccounts(ledgerId, filters, writtenSequence(client, ledgerId)),
  })
}

export function useAccount(ledgerId: string, code: string) {
  const client = useQueryClient()
  return useQuery({
    queryKey: [...accountsKey(ledgerId), 'one', code],
    queryFn: () => get<Account>(withQuery(accountPath(ledgerId, code), { min_sequence: writtenSequence(client, ledgerId) })),
  })
}

export function useBalanceHistory(ledgerId: string, code: string, from: string | undefined, to: string | undefined) {
  const client = useQueryClient()
  return useQuery({
    queryKey: [...accountsKey(ledgerId), 'history', code, from, to],
    enabled: Boolean(from && to),
    queryFn: () => get<BalanceHistory>(withQuery(`${accountPath(ledgerId, code)}/balance-history`,
      { from, to, interval: 'day', min_sequence: writtenSequence(client, ledgerId) })),
  })
}

/** A write to the ledger's accounts: remembered (its sequence), then every account query reads again after it. */
function useAccountWrite<Input>(ledgerId: string, send: (input: Input) => Promise<{ body: AccountRecord; sequence: number | undefined }>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (input: Input) => {
      const { body, sequence } = await send(input)
      rememberWrite(client, ledgerId, sequence)
      return body
    },
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey(ledgerId) }),
  })
}

export const useCreateAccount = (ledgerId: string) =>
  useAccountWrite(ledgerId, (account: NewAccount) => write<AccountRecord>('POST', accountsPath(ledgerId), account))

export const useUpdateAccount = (ledgerId: string, code: string) =>
  useAccountWrite(ledgerId, (change: AccountChange) => write<AccountRecord>('PATCH', accountPath(ledgerId, code), change))
