import { describe, expect, it } from 'vitest'
import { toDateTimeLocal, toRfc3339 } from './time'

describe('toRfc3339', () => {
  it('gives the same instant as the browser reads the local value, with its offset', () => {
    const text = toRfc3339('2026-03-02T11:30')!
    expect(text).toMatch(/^2026-03-02T11:30:00[+-]\d{2}:\d{2}$/)
    expect(new Date(text).getTime()).toBe(new Date(2026, 2, 2, 11, 30).getTime())
    expect(toRfc3339('2026-03-02')).toMatch(/^2026-03-02T00:00:00[+-]\d{2}:\d{2}$/)
    expect(toRfc3339('2026-03-02T11:30:05.000')).toMatch(/^2026-03-02T11:30:05[+-]\d{2}:\d{2}$/)
    expect(toRfc3339('2026-03-02T11:30:05.250')).toMatch(/^2026-03-02T11:30:05\.250[+-]\d{2}:\d{2}$/)
  })

  it('refuses what is not a time', () => {
    for (const text of ['', '2026-02-30', '2026-3-2', 'yesterday', '2026-03-02T25:00']) {
      expect(toRfc3339(text), text).toBeUndefined()
    }
  })

  it('round-trips through the input\'s own format', () => {
    expect(toDateTimeLocal(toRfc3339('2026-11-30T23:59')!)).toBe('2026-11-30T23:59')
  })
})
