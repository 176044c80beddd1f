import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, patch, post, withQuery } from '../../api/client'
import type { CursorPage } from '../../api/cursorPages'
import type { Account, AccountChange, AccountFilters, AccountRecord, BalanceHistory, Limits, NewAccount } from './types'

const PAGE_SIZE = 1000

export const accountsPath = (ledgerId: string) => `/v1/ledgers/${ledgerId}/accounts`
export const accountPath = (ledgerId: string, code: string) => `${accountsPath(ledgerId)}/${encodeURIComponent(code)}`

const accountsKey = (ledgerId: string) => ['ledgers', ledgerId, 'accounts'] as const

/** Every account that passes the filters: the pages read one after the other (1,000 a page). */
export async function readAllAccounts(ledgerId: string, filters: AccountFilters): Promise<Account[]> {
  const accounts: Account[] = []
  let cursor: string | undefined
  do {
    const page = await get<CursorPage<Account>>(withQuery(accountsPath(ledgerId),
      { ...filters, limit: PAGE_SIZE, cursor }))
    accounts.push(...page.data)
    cursor = page.next_cursor ?? undefined
  } while (cursor)
  return accounts
}

export function useAllAccounts(ledgerId: string, filters: AccountFilters) {
  return useQuery({
    queryKey: [...accountsKey(ledgerId), 'all', filters],
    queryFn: () => readAllAccounts(ledgerId, filters),
  })
}

export function useAccount(ledgerId: string, code: string) {
  return useQuery({
    queryKey: [...accountsKey(ledgerId), 'one', code],
    queryFn: () => get<Account>(accountPath(ledgerId, code)),
  })
}

export function useBalanceHistory(ledgerId: string, code: string, from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: [...accountsKey(ledgerId), 'history', code, from, to],
    enabled: Boolean(from && to),
    queryFn: () => get<BalanceHistory>(withQuery(`${accountPath(ledgerId, code)}/balance-history`,
      { from, to, interval: 'day' })),
  })
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits (briefly) until the read model shows a write the command service has answered: reads are served a few
 * milliseconds behind the writes (docs/api.md, "Reads after writes").
 */
async function untilRead(ledgerId: string, code: string, shows: (account: Account) => boolean) {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      if (shows(await get<Account>(accountPath(ledgerId, code)))) {
        return
      }
    } catch {
      // not projected yet
    }
    await pause(150)
  }
}

const sameLimits = (a: Limits | null, b: Limits | null) =>
  (a?.min_balance ?? null) === (b?.min_balance ?? null) && (a?.max_balance ?? null) === (b?.max_balance ?? null)

export function useCreateAccount(ledgerId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (account: NewAccount) => {
      const created = await post<AccountRecord>(accountsPath(ledgerId), account)
      await untilRead(ledgerId, created.code, () => true)
      return created
    },
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey(ledgerId) }),
  })
}

export function useUpdateAccount(ledgerId: string, code: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (change: AccountChange) => {
      const updated = await patch<AccountRecord>(accountPath(ledgerId, code), change)
      await untilRead(ledgerId, code, (account) => account.status === updated.status && account.name === updated.name
        && sameLimits(account.limits, updated.limits))
      return updated
    },
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey(ledgerId) }),
  })
}
