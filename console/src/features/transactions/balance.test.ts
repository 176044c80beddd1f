import { describe, expect, it } from 'vitest'
import { balanceOf } from './balance'

describe('balanceOf', () => {
  it('balances when debits equal credits in every currency, whatever the scales', () => {
    const check = balanceOf([
      { direction: 'debit', amount: '100', currency: 'USD' },
      { direction: 'credit', amount: '60.50', currency: 'USD' },
      { direction: 'credit', amount: '39.5', currency: 'USD' },
      { direction: 'debit', amount: '1500', currency: 'JPY' },
      { direction: 'credit', amount: '1500', currency: 'JPY' },
    ])
    expect(check.balanced).toBe(true)
    expect(check.currencies).toEqual([
      { currency: 'USD', debits: '100.00', credits: '100.00', difference: '0.00', balanced: true },
      { currency: 'JPY', debits: '1500', credits: '1500', difference: '0', balanced: true },
    ])
  })

  it('does not balance when one currency is off, and says by how much', () => {
    const check = balanceOf([
      { direction: 'debit', amount: '10.00', currency: 'USD' },
      { direction: 'credit', amount: '10.00', currency: 'USD' },
      { direction: 'debit', amount: '5.00', currency: 'EUR' },
      { direction: 'credit', amount: '4.99', currency: 'EUR' },
    ])
    expect(check.balanced).toBe(false)
    expect(check.currencies[0].balanced).toBe(true)
    expect(check.currencies[1]).toMatchObject({ currency: 'EUR', balanced: false, difference: '0.01' })
  })

  it('adds exactly where binary floating point would not', () => {
    const check = balanceOf([
      { direction: 'debit', amount: '0.1', currency: 'USD' },
      { direction: 'debit', amount: '0.2', currency: 'USD' },
      { direction: 'credit', amount: '0.3', currency: 'USD' },
      { direction: 'debit', amount: '123456789012345678901234567890.01', currency: 'XAU' },
      { direction: 'credit', amount: '123456789012345678901234567890.00', currency: 'XAU' },
    ])
    expect(check.currencies[0].balanced).toBe(true)
    expect(check.currencies[1].difference).toBe('0.01')
  })

  it('names the lines whose amount or currency the API would refuse, and then does not balance', () => {
    const check = balanceOf([
      { direction: 'debit', amount: '', currency: 'USD' },
      { direction: 'credit', amount: '0', currency: 'USD' },
      { direction: 'debit', amount: '-5', currency: 'USD' },
      { direction: 'credit', amount: '1e3', currency: 'USD' },
      { direction: 'debit', amount: '5', currency: ' ' },
      { direction: 'credit', amount: '+5', currency: 'USD' },
      { direction: 'debit', amount: '5', currency: 'USD' },
    ])
    expect(check.invalid).toEqual([0, 1, 2, 3, 4, 5])
    expect(check.balanced).toBe(false)
  })

  it('takes zero amounts for a commit or a partial reversal, and balances nothing at all as not balanced', () => {
    expect(balanceOf([
      { direction: 'debit', amount: '0.00', currency: 'USD' },
      { direction: 'credit', amount: '0', currency: 'USD' },
    ], { allowZero: true }).balanced).toBe(true)
    expect(balanceOf([]).balanced).toBe(false)
  })
})
