import { useQuery } from '@tanstack/react-query'
import { useParams } from 'react-router'
import { get } from '../api/client'
import type { Ledger, Page } from '../api/types'

export const LEDGERS_KEY = ['ledgers'] as const

/** The ledgers the session grants (GET /v1/ledgers: ledger:read, so developers too). */
export function useLedgers() {
  return useQuery({ queryKey: LEDGERS_KEY, queryFn: () => get<Page<Ledger>>('/v1/ledgers') })
}

/** The ledger a page under /ledgers/:ledgerId is about, once LedgerLayout has found it. */
export function useLedger(): Ledger {
  const { ledgerId } = useParams()
  const ledgers = useLedgers()
  const ledger = ledgers.data?.data.find((one) => one.id === ledgerId)
  if (!ledger) {
    throw new Error('useLedger is for pages inside the LedgerLayout')
  }
  return ledger
}
