import type { Tone } from '../../components/Badge'

/** The shapes of the Accounts API the console reads and writes (docs/api.md, "Accounts"). */

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const
export type AccountType = (typeof ACCOUNT_TYPES)[number]

export const ACCOUNT_STATUSES = ['open', 'frozen', 'closed'] as const
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number]

/** How an account's status reads (components/Badge). */
export const STATUS_TONE: Record<AccountStatus, Tone> = { open: 'good', frozen: 'cold', closed: 'over' }

export type Direction = 'debit' | 'credit'

export interface Limits {
  min_balance: string | null
  max_balance: string | null
}

/** An account as the command service answers a write (no balances). */
export interface AccountRecord {
  id: string
  code: string
  name: string
  type: AccountType
  normal_balance: Direction
  currency: string
  parent_code: string | null
  status: AccountStatus
  limits: Limits | null
  metadata: Record<string, unknown>
  version: number
  created_at: string
}

/** An account of the read model, with its balances. */
export interface Account extends AccountRecord {
  parent_id: string | null
  balance: string
  debits: string
  credits: string
  balances: Balances
  updated_at: string
}

/** An account's balances in its currency (docs/api.md, Accounts), or their sums. */
export interface Balances {
  posted: string
  pending_debits: string
  pending_credits: string
  available: string
}

export interface AccountFilters {
  type?: AccountType | ''
  status?: AccountStatus | ''
  code_prefix?: string
  currency?: string
}

export interface NewAccount {
  code: string
  name: string
  type: AccountType
  currency?: string
  normal_balance?: Direction
  parent_code?: string
  limits?: Partial<Limits>
  metadata?: Record<string, unknown>
}

export interface AccountChange {
  name?: string
  status?: AccountStatus
  limits?: Limits
  metadata?: Record<string, unknown>
}

export interface StatementLine {
  transaction_id: string
  posting: number
  sequence: number
  event_type: string
  effective_at: string
  recorded_at: string
  direction: Direction
  amount: string
  balance: string
}

export interface Statement {
  account_code: string
  currency: string
  normal_balance: Direction
  from: string
  to: string
  opening_balance: string
  closing_balance: string
  total_debits: string
  total_credits: string
  pending: { debits: string; credits: string }
  data: StatementLine[]
  next_cursor: string | null
}

export interface BalanceHistory {
  currency: string
  opening_balance: string
  points: { at: string; balance: string }[]
}
