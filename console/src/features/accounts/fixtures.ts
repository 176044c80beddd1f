import type { Account } from './types'

/** An account of the read model, USD, open, at zero unless told otherwise. */
export function account(code: string, overrides: Partial<Account> = {}): Account {
  return {
    id: `id-${code}`, code, name: code, type: 'asset', normal_balance: 'debit', currency: 'USD', parent_code: null,
    parent_id: null, status: 'open', limits: { min_balance: null, max_balance: null }, metadata: {}, version: 0,
    created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z', balance: '0.00', debits: '0.00',
    credits: '0.00', balances: { posted: '0.00', pending_debits: '0.00', pending_credits: '0.00', available: '0.00' },
    ...overrides,
  }
}
