import { describe, expect, it } from 'vitest'
import { account } from './fixtures'
import { accountTree, totalsByCurrencyAndType, visibleRows } from './tree'

describe('accountTree', () => {
  it('nests children under their parents and keeps an orphan of a filter as a root', () => {
    const roots = accountTree([account('assets'), account('assets:cash', { parent_code: 'assets' }),
      account('assets:bank', { parent_code: 'assets' }), account('wallet:bob', { parent_code: 'wallets' })])
    expect(roots.map((node) => node.account.code)).toEqual(['assets', 'wallet:bob'])
    expect(roots[0].children.map((node) => [node.account.code, node.depth])).toEqual([['assets:cash', 1], ['assets:bank', 1]])
    expect(visibleRows(roots, new Set()).map((node) => node.account.code)).toEqual(['assets', 'wallet:bob'])
    expect(visibleRows(roots, new Set(['assets'])).map((node) => node.account.code))
      .toEqual(['assets', 'assets:cash', 'assets:bank', 'wallet:bob'])
  })
})

describe('totalsByCurrencyAndType', () => {
  it('adds exactly per currency and type, a contra account taking away', () => {
    const totals = totalsByCurrencyAndType([
      account('cash', { balances: { posted: '0.10', pending_debits: '0.00', pending_credits: '5.00', available: '0.10' } }),
      account('bank', { balances: { posted: '0.20', pending_debits: '1.00', pending_credits: '0.00', available: '0.20' } }),
      account('depreciation', { normal_balance: 'credit',
        balances: { posted: '0.05', pending_debits: '0.00', pending_credits: '0.00', available: '0.05' } }),
      account('yen', { currency: 'JPY', balances: { posted: '1500', pending_debits: '0', pending_credits: '0', available: '1500' } }),
      account('wallet', { type: 'liability', normal_balance: 'credit',
        balances: { posted: '12345678901234567890.01', pending_debits: '0.00', pending_credits: '0.00', available: '12345678901234567890.01' } }),
    ])
    expect(totals).toEqual([
      { currency: 'JPY', type: 'asset', accounts: 1,
        balances: { posted: '1500', pending_debits: '0', pending_credits: '0', available: '1500' } },
      { currency: 'USD', type: 'asset', accounts: 3,
        balances: { posted: '0.25', pending_debits: '1.00', pending_credits: '5.00', available: '0.25' } },
      { currency: 'USD', type: 'liability', accounts: 1, balances: { posted: '12345678901234567890.01',
        pending_debits: '0.00', pending_credits: '0.00', available: '12345678901234567890.01' } },
    ])
  })
})
