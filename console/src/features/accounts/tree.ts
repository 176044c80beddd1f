import { ZERO, add, formatDecimal, negate, parseDecimal, type Decimal } from '../../money/decimal'
import type { Account, AccountType, Balances } from './types'

export interface AccountNode {
  account: Account
  depth: number
  children: AccountNode[]
}

/**
 * The accounts as a forest by parent_code, each level in the order given (the API's, by code). An account whose
 * parent is not among them (filtered out) is shown as a root, so a filter never hides an account.
 */
export function accountTree(accounts: Account[]): AccountNode[] {
  const nodes = new Map(accounts.map((account) => [account.code, { account, depth: 0, children: [] as AccountNode[] }]))
  const roots: AccountNode[] = []
  for (const node of nodes.values()) {
    const parent = node.account.parent_code ? nodes.get(node.account.parent_code) : undefined
    if (parent && parent !== node) {
      parent.children.push(node)
    } else {
      roots.push(node)
    }
  }
  const setDepth = (node: AccountNode, depth: number, seen: Set<string>) => {
    if (seen.has(node.account.code)) {
      return
    }
    seen.add(node.account.code)
    node.depth = depth
    node.children.forEach((child) => setDepth(child, depth + 1, seen))
  }
  const seen = new Set<string>()
  roots.forEach((root) => setDepth(root, 0, seen))
  return roots
}

/** The rows a person sees: every root, and the children of the expanded accounts, in tree order. */
export function visibleRows(roots: AccountNode[], expanded: ReadonlySet<string>): AccountNode[] {
  const rows: AccountNode[] = []
  const visit = (node: AccountNode) => {
    rows.push(node)
    if (expanded.has(node.account.code)) {
      node.children.forEach(visit)
    }
  }
  roots.forEach(visit)
  return rows
}

export function parentCodes(roots: AccountNode[]): string[] {
  const codes: string[] = []
  const visit = (node: AccountNode) => {
    if (node.children.length > 0) {
      codes.push(node.account.code)
      node.children.forEach(visit)
    }
  }
  roots.forEach(visit)
  return codes
}

const DEBIT_NORMAL: ReadonlySet<AccountType> = new Set(['asset', 'expense'])

export interface TypeTotal {
  currency: string
  type: AccountType
  accounts: number
  balances: Balances
}

/**
 * The balances added up per currency and type, the one grouping where a sum means something: amounts of two
 * currencies never add, and assets and liabilities grow on opposite sides. Each account's balance is its own
 * postings (a parent's does not include its children's), so nothing counts twice; a contra account (whose
 * normal balance is the other side of its type's) reduces its type's total.
 */
export function totalsByCurrencyAndType(accounts: Account[]): TypeTotal[] {
  const sums = new Map<string, { currency: string; type: AccountType; accounts: number; posted: Decimal;
    pendingDebits: Decimal; pendingCredits: Decimal; available: Decimal }>()
  for (const account of accounts) {
    const key = `${account.currency} ${account.type}`
    const sum = sums.get(key) ?? { currency: account.currency, type: account.type, accounts: 0, posted: ZERO,
      pendingDebits: ZERO, pendingCredits: ZERO, available: ZERO }
    const contra = (account.normal_balance === 'debit') !== DEBIT_NORMAL.has(account.type)
    const signed = (amount: string) => {
      const value = parseDecimal(amount) ?? ZERO
      return contra ? negate(value) : value
    }
    sum.accounts += 1
    sum.posted = add(sum.posted, signed(account.balances.posted))
    sum.available = add(sum.available, signed(account.balances.available))
    sum.pendingDebits = add(sum.pendingDebits, parseDecimal(account.balances.pending_debits) ?? ZERO)
    sum.pendingCredits = add(sum.pendingCredits, parseDecimal(account.balances.pending_credits) ?? ZERO)
    sums.set(key, sum)
  }
  return [...sums.values()]
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.type.localeCompare(b.type))
    .map((sum) => ({ currency: sum.currency, type: sum.type, accounts: sum.accounts, balances: {
      posted: formatDecimal(sum.posted), pending_debits: formatDecimal(sum.pendingDebits),
      pending_credits: formatDecimal(sum.pendingCredits), available: formatDecimal(sum.available) } }))
}
