import { describe, expect, it } from 'vitest'
import { endOfDay, nextDay, paramsOf, reportPath, requestFrom } from './request'

describe('report requests', () => {
  it('ask for a balance as of the last microsecond of the day, with the browser\'s offset', () => {
    expect(endOfDay('2026-03-31')).toMatch(/^2026-03-31T23:59:59\.999999[+-]\d\d:\d\d$/)
    const path = reportPath('L', requestFrom(new URLSearchParams('report=balance-sheet&as_of=2026-03-31&currency=USD')))
    expect(path).toMatch(/^\/v1\/ledgers\/L\/reports\/balance-sheet\?currency=USD&as_of=2026-03-31T23%3A59%3A59\.999999/)
  })

  it('ask for an income statement from the first day\'s start to the start of the day after the last', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01')
    expect(nextDay('2024-12-31')).toBe('2025-01-01')
    const request = requestFrom(new URLSearchParams('report=income-statement&from=2026-03-01&to=2026-03-31&include_zero=true'))
    const query = new URLSearchParams(reportPath('L', request).split('?')[1])
    expect(query.get('from')).toMatch(/^2026-03-01T00:00:00[+-]/)
    expect(query.get('to')).toMatch(/^2026-04-01T00:00:00[+-]/)
    expect(query.get('include_zero')).toBe('true')
    expect(paramsOf(request).toString()).toBe('report=income-statement&from=2026-03-01&to=2026-03-31&include_zero=true')
  })

  it('default to a trial balance as of now, and an income statement of this month so far', () => {
    const request = requestFrom(new URLSearchParams(''), new Date(2026, 4, 17))
    expect(request).toMatchObject({ kind: 'trial-balance', asOf: '', from: '2026-05-01', to: '2026-05-17', basis: 'effective' })
    expect(reportPath('L', request)).toBe('/v1/ledgers/L/reports/trial-balance')
  })
})
