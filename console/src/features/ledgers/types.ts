import type { Ledger } from '../../api/types'

/** A project of the organisation (docs/api.md, Projects). */
export interface Project {
  id: string
  code: string
  name: string
}

/** GET /v1/ledgers: a ledger the session grants, with when it was archived (null while active). */
export interface ListedLedger extends Ledger {
  archived_at?: string | null
}

/** A ledger as its organisation's owners see it (POST /v1/projects/{id}/ledgers, PATCH, archive). */
export interface LedgerDetails extends Ledger {
  created_at: string
  updated_at: string
  archived_at: string | null
}

/** An asset the ledger declared besides the ISO 4217 currencies. */
export interface Asset {
  code: string
  scale: number
  declared_at: string
}

export interface NewAsset {
  code: string
  scale: string
}

export interface CurrencyVolume {
  currency: string
  amount: string
}

export interface Activity {
  from: string
  transactions: number
  volume: CurrencyVolume[]
}

/** GET /v1/ledgers/{id}/overview */
export interface LedgerOverview {
  ledger_id: string
  as_of: string
  accounts: number
  last_24_hours: Activity
  last_30_days: Activity
}

/** GET /v1/ledgers/{id}/projection */
export interface Projection {
  projected_sequence: number
  last_seen_sequence: number
  events_behind: number
  seconds_behind: string | number
  last_applied_at: string | null
  status: 'current' | 'waiting' | 'stopped'
  parked_events: number
  failed_events: number
}

/** The fields of a transaction the overview shows (GET /v1/ledgers/{id}/transactions). */
export interface TransactionSummary {
  id: string
  sequence: number
  external_id: string | null
  status: string
  currency: string
  recorded_at: string
  postings: { direction: 'debit' | 'credit'; amount: string; currency: string }[]
}
