import type { QueryClient } from '@tanstack/react-query'
import { ApiError } from './client'

/**
 * Reads after writes (docs/api.md): the console remembers, per ledger, the sequence its last write answered
 * (client.ts, write), and its reads of the read model ask for it (min_sequence), so they show the write.
 */

// not under ['ledgers', …], so that refreshing a ledger's queries leaves it alone
const writtenKey = (ledgerId: string) => ['written-sequence', ledgerId] as const

/** The ledger's sequence after the last write made from this console (undefined: none yet). */
export const writtenSequence = (client: QueryClient, ledgerId: string) => client.getQueryData<number>(writtenKey(ledgerId))

/** Remembers a write's sequence, for the reads that follow it. */
export function rememberWrite(client: QueryClient, ledgerId: string, sequence: number | undefined) {
  if (sequence !== undefined) {
    client.setQueryData<number>(writtenKey(ledgerId), (last) => Math.max(last ?? 0, sequence))
  }
}

/**
 * The console's one retry policy for reads: a refusal (4xx) will not change by asking again, but for the read
 * model not having reached a write in time (409 PROJECTION_BEHIND); a 5xx or a lost connection might.
 */
export function retryRead(count: number, error: unknown) {
  if (error instanceof ApiError && error.problem.code === 'PROJECTION_BEHIND') {
    return count < 5
  }
  return count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500)
}
