import { withQuery } from '../../api/client'
import { toRfc3339 } from '../../format/time'
import type { Basis, ReportKind, ReportRequest } from './types'

export const KINDS: { kind: ReportKind; label: string }[] = [
  { kind: 'trial-balance', label: 'Trial balance' },
  { kind: 'balance-sheet', label: 'Balance sheet' },
  { kind: 'income-statement', label: 'Income statement' },
]

const pad = (value: number) => String(value).padStart(2, '0')
const dateOf = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`

/** The day after a YYYY-MM-DD date, or undefined when it is not one. */
export function nextDay(date: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) {
    return undefined
  }
  return dateOf(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1))
}

/** The last microsecond of a day in the browser's time zone: as_of includes its very microsecond. */
export function endOfDay(date: string): string | undefined {
  return toRfc3339(`${date}T23:59:59`)?.replace(/T23:59:59/, 'T23:59:59.999999')
}

/** A report's request from the page's address; the income statement's period defaults to this month so far. */
export function requestFrom(params: URLSearchParams, today = new Date()): ReportRequest {
  const kind = KINDS.find((one) => one.kind === params.get('report'))?.kind ?? 'trial-balance'
  return {
    kind,
    asOf: params.get('as_of') ?? '',
    from: params.get('from') ?? dateOf(new Date(today.getFullYear(), today.getMonth(), 1)),
    to: params.get('to') ?? dateOf(today),
    basis: (params.get('basis') === 'recorded' ? 'recorded' : 'effective') as Basis,
    currency: params.get('currency') ?? '',
    includeZero: params.get('include_zero') === 'true',
  }
}

export function paramsOf(request: ReportRequest): URLSearchParams {
  const params = new URLSearchParams({ report: request.kind })
  if (request.kind === 'income-statement') {
    params.set('from', request.from)
    params.set('to', request.to)
  } else if (request.asOf) {
    params.set('as_of', request.asOf)
  }
  if (request.basis !== 'effective') params.set('basis', request.basis)
  if (request.currency) params.set('currency', request.currency)
  if (request.includeZero) params.set('include_zero', 'true')
  return params
}

/**
 * The API path of a report: as_of the end of the day asked for, an income statement from the start of its
 * first day to the start of the day after its last (the API's period excludes its end).
 */
export function reportPath(ledgerId: string, request: ReportRequest): string {
  const common = {
    basis: request.basis === 'effective' ? undefined : request.basis,
    currency: request.currency || undefined,
    include_zero: request.includeZero ? 'true' : undefined,
  }
  const path = `/v1/ledgers/${ledgerId}/reports/${request.kind}`
  if (request.kind === 'income-statement') {
    const after = nextDay(request.to)
    return withQuery(path, { ...common, from: toRfc3339(request.from) ?? request.from,
      to: after ? toRfc3339(after) : request.to })
  }
  return withQuery(path, { ...common, as_of: request.asOf ? endOfDay(request.asOf) ?? request.asOf : undefined })
}
