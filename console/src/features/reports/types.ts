/** The reports' shapes (docs/api.md, Reports). Amounts are exact decimal strings at the currency's scale. */

export type ReportKind = 'trial-balance' | 'balance-sheet' | 'income-statement'
export type Basis = 'effective' | 'recorded'

interface ReportAccount {
  code: string
  name: string
  type: string
  normal_balance: 'debit' | 'credit'
  parent_code: string | null
  depth: number
}

export interface TrialBalanceAccount extends ReportAccount {
  debit: string
  credit: string
  balance: string
  rolled_up_balance: string
}

export interface TrialBalancePart {
  currency: string
  accounts: TrialBalanceAccount[]
  total_debits: string
  total_credits: string
  balanced: boolean
}

export interface TrialBalance {
  ledger_id: string
  as_of: string
  basis: Basis
  currencies: TrialBalancePart[]
}

export interface SectionAccount extends ReportAccount {
  contra: boolean
  amount: string
  rolled_up_amount: string
}

export interface Section {
  accounts: SectionAccount[]
  total: string
}

export interface BalanceSheetPart {
  currency: string
  assets: Section
  liabilities: Section
  equity: Section & { current_earnings: string }
  total_liabilities_and_equity: string
  balanced: boolean
}

export interface BalanceSheet {
  ledger_id: string
  as_of: string
  basis: Basis
  currencies: BalanceSheetPart[]
}

export interface IncomeStatementPart {
  currency: string
  revenue: Section
  expenses: Section
  net_income: string
}

export interface IncomeStatement {
  ledger_id: string
  from: string
  to: string
  basis: Basis
  currencies: IncomeStatementPart[]
}

/** What the page asks for, as the page's address holds it (dates as YYYY-MM-DD, in the browser's time zone). */
export interface ReportRequest {
  kind: ReportKind
  /** trial balance and balance sheet: the end of this day; empty: now */
  asOf: string
  /** income statement: from the start of this day … */
  from: string
  /** … to the end of this day */
  to: string
  basis: Basis
  currency: string
  includeZero: boolean
}
