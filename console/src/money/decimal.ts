/**
 * Exact decimal amounts as the API writes them ("100.00", "-0.5"): never a binary floating-point number.
 * An amount is held as an integer count of units at a scale (BigInt), so sums are exact at any size.
 */

export interface Decimal {
  /** the amount times 10^scale */
  units: bigint
  scale: number
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

/** The amount a decimal string stands for, or undefined when it is not one (empty, "1e3", "1,00", ".5"). */
export function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL.exec(text.trim())
  if (!match) {
    return undefined
  }
  const [, sign, whole, fraction = ''] = match
  const units = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n)
  return { units, scale: fraction.length }
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale)
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale)
  return { units: rescale(a, scale) + rescale(b, scale), scale }
}

export function negate(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale }
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, negate(b))
}

/** -1, 0 or 1, whatever the two scales. */
export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale)
  const difference = rescale(a, scale) - rescale(b, scale)
  return difference === 0n ? 0 : difference < 0n ? -1 : 1
}

export const ZERO: Decimal = { units: 0n, scale: 0 }

export function isZero(a: Decimal): boolean {
  return a.units === 0n
}

/** The decimal string of an amount at its own scale, or at a larger one ("5" at scale 2 is "5.00"). */
export function formatDecimal(value: Decimal, scale: number = value.scale): string {
  const target = Math.max(scale, value.scale)
  const units = rescale(value, target)
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(target + 1, '0')
  const whole = digits.slice(0, digits.length - target)
  const fraction = digits.slice(digits.length - target)
  return (negative ? '-' : '') + whole + (target > 0 ? '.' + fraction : '')
}

/** The digits after the point an amount has, as written: the API refuses more than the currency's scale. */
export function fractionDigits(text: string): number {
  return parseDecimal(text)?.scale ?? 0
}

/**
 * An amount for people: thousands grouped, the digits kept exactly as the API gave them, the currency
 * after it ("1,234,567.89 EUR"). The API's amounts are already at the currency's scale.
 */
export function formatMoney(amount: string, currency?: string): string {
  const value = parseDecimal(amount)
  if (!value) {
    return currency ? `${amount} ${currency}` : amount
  }
  const text = formatDecimal(value)
  const negative = text.startsWith('-')
  const [whole, fraction] = (negative ? text.slice(1) : text).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const number = (negative ? '−' : '') + grouped + (fraction !== undefined ? '.' + fraction : '')
  return currency ? `${number} ${currency}` : number
}
