import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { add, compare, formatDecimal, formatMoney, negate, parseDecimal, subtract } from './decimal'

const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }))
  .map(([negative, units, scale]) => formatDecimal({ units: negative ? -units : units, scale }))

describe('parseDecimal', () => {
  it('reads the API\'s decimal strings exactly', () => {
    expect(parseDecimal('100.00')).toEqual({ units: 10000n, scale: 2 })
    expect(parseDecimal('-0.5')).toEqual({ units: -5n, scale: 1 })
    expect(parseDecimal('  7 ')).toEqual({ units: 7n, scale: 0 })
    expect(parseDecimal('123456789012345678901234567890.123456789')?.units)
      .toBe(123456789012345678901234567890123456789n)
  })

  it('refuses what is not a plain decimal', () => {
    for (const text of ['', '-', '.5', '1.', '1e3', '1,00', '0x10', 'NaN', '1.2.3', '++1']) {
      expect(parseDecimal(text), text).toBeUndefined()
    }
  })
})

describe('arithmetic', () => {
  it('adds across scales without rounding (0.1 + 0.2 is 0.3)', () => {
    expect(formatDecimal(add(parseDecimal('0.1')!, parseDecimal('0.2')!))).toBe('0.3')
    expect(formatDecimal(add(parseDecimal('1')!, parseDecimal('0.005')!))).toBe('1.005')
  })

  it('keeps the text of any amount through a parse and a format', () => {
    fc.assert(fc.property(decimalText, (text) => formatDecimal(parseDecimal(text)!) === text))
  })

  it('a sum less one of its terms is the other', () => {
    fc.assert(fc.property(decimalText, decimalText, (a, b) => {
      const x = parseDecimal(a)!
      const y = parseDecimal(b)!
      return compare(subtract(add(x, y), y), x) === 0
    }))
  })

  it('orders amounts as numbers, whatever their scales', () => {
    fc.assert(fc.property(decimalText, decimalText, (a, b) => {
      const x = parseDecimal(a)!
      const y = parseDecimal(b)!
      return compare(x, y) === -compare(y, x) && compare(x, negate(negate(x))) === 0
    }))
    expect(compare(parseDecimal('1.10')!, parseDecimal('1.1')!)).toBe(0)
    expect(compare(parseDecimal('-2')!, parseDecimal('1.99')!)).toBe(-1)
  })
})

describe('formatMoney', () => {
  it('groups thousands and keeps every digit', () => {
    expect(formatMoney('1234567.89', 'EUR')).toBe('1,234,567.89 EUR')
    expect(formatMoney('-1000.000', 'BHD')).toBe('−1,000.000 BHD')
    expect(formatMoney('0.00')).toBe('0.00')
    expect(formatMoney('5', 'JPY')).toBe('5 JPY')
  })
})
