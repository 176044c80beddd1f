/** The transactions API's shapes (docs/api.md, Transactions). Amounts are exact decimal strings. */

export type Direction = 'debit' | 'credit'
export type TransactionStatus = 'posted' | 'pending' | 'voided'

export interface Posting {
  account_code: string
  direction: Direction
  amount: string
  currency: string
  pending_amount: string | null
  released: string | null
  reversed_amount: string
  original_posting: number | null
}

export interface Transaction {
  id: string
  ledger_id: string
  sequence: number
  external_id: string | null
  idempotency_key: string
  status: TransactionStatus
  currency: string
  occurred_at: string
  recorded_at: string
  expires_at: string | null
  committed_at: string | null
  voided_at: string | null
  void_reason: 'voided' | 'expired' | null
  reversal_of: string | null
  reversed_by: string[]
  schedule_id: string | null
  metadata: Record<string, unknown>
  postings: Posting[]
}

export interface NewPosting {
  account_code: string
  direction: Direction
  amount: string
  currency: string
}

export interface NewTransaction {
  idempotency_key: string
  postings: NewPosting[]
  external_id?: string
  occurred_at?: string
  status?: 'pending'
  expires_at?: string
  metadata?: Record<string, unknown>
}

/** The answer of a post, commit, void or reversal. */
export interface TransactionWritten {
  transaction_id: string
  status: 'accepted' | 'pending' | 'posted' | 'voided'
  ledger_sequence: number
  reversal_of?: string
}

/** One amount per posting of the original, in its order (a commit or a partial reversal). */
export interface PostingAmounts {
  idempotency_key: string
  postings?: { amount: string }[]
}

/** The few fields of an account the transaction pages need (suggestions, currencies). */
export interface AccountSummary {
  code: string
  name: string
  currency: string
}

/** A ledger event as the feed gives it: the transaction's recording event carries the hash. */
export interface LedgerEvent {
  event_id: string
  event_type: string
  sequence: number
  recorded_at: string
  hash: string
}

export interface EventPage {
  data: LedgerEvent[]
  next_after_sequence: number | null
  has_more: boolean
}

/** The list's filters, as its query parameters name them. */
export interface TransactionFilters {
  status?: string
  account?: string
  external_id?: string
  currency?: string
  occurred_from?: string
  occurred_to?: string
  recorded_from?: string
  recorded_to?: string
  /** metadata[key]=value filters */
  metadata?: [string, string][]
}
