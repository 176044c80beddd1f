import { EVERY_TYPE } from './eventTypes'
import type { EndpointBody } from './api'
import type { WebhookEndpoint } from './types'

/** How the API shows the value of a credential-like header: it cannot be sent back as is. */
export const MASKED = '********'

export interface HeaderRow {
  name: string
  value: string
}

/** An endpoint's settings as its form holds them (numbers as typed). */
export interface EndpointDraft {
  url: string
  description: string
  eventTypes: string[]
  headers: HeaderRow[]
  rateLimit: string
  maxInFlight: string
  fifo: boolean
}

export const EMPTY_DRAFT: EndpointDraft = {
  url: '', description: '', eventTypes: [], headers: [], rateLimit: '', maxInFlight: '', fifo: false,
}

export function draftOf(endpoint: WebhookEndpoint): EndpointDraft {
  return {
    url: endpoint.url,
    description: endpoint.description ?? '',
    eventTypes: endpoint.event_types.includes(EVERY_TYPE) ? [] : [...endpoint.event_types],
    headers: Object.entries(endpoint.headers ?? {}).map(([name, value]) => ({ name, value })),
    rateLimit: endpoint.rate_limit === null ? '' : String(endpoint.rate_limit),
    maxInFlight: endpoint.max_in_flight === null ? '' : String(endpoint.max_in_flight),
    fifo: endpoint.fifo,
  }
}

/** The request, or the problems found before sending it, by the field the API would name. */
export type DraftResult = { body: EndpointBody; errors?: undefined } | { body?: undefined; errors: Record<string, string> }

function wholeNumber(text: string, field: string, errors: Record<string, string>): number | null {
  const trimmed = text.trim()
  if (trimmed === '') {
    return null
  }
  if (!/^\d{1,9}$/.test(trimmed) || Number(trimmed) < 1) {
    errors[field] = 'must be a whole number of at least 1, or empty'
    return null
  }
  return Number(trimmed)
}

function headersOf(rows: HeaderRow[], errors: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const row of rows) {
    const name = row.name.trim()
    if (name === '' && row.value === '') {
      continue
    }
    if (name === '') {
      errors.headers = 'every header needs a name'
    } else if (row.value === MASKED) {
      errors[`headers.${name}`] = 'the API shows this value masked: type it again'
    } else {
      headers[name] = row.value
    }
  }
  return headers
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((one) => b.includes(one))

const sameHeaders = (a: HeaderRow[], b: HeaderRow[]) =>
  a.length === b.length && a.every((row, i) => row.name === b[i].name && row.value === b[i].value)

/**
 * The registration (no original) or the merge patch (only what changed from the original) a draft stands
 * for. Custom headers are sent whole, and only when they changed: their masked values are never sent back.
 */
export function bodyOf(draft: EndpointDraft, original?: EndpointDraft): DraftResult {
  const errors: Record<string, string> = {}
  const body: EndpointBody = {}
  const changed = (pick: (d: EndpointDraft) => unknown) => !original || pick(draft) !== pick(original)

  if (draft.url.trim() === '') {
    errors.url = 'must not be blank'
  } else if (changed((d) => d.url.trim())) {
    body.url = draft.url.trim()
  }
  if (changed((d) => d.description)) {
    body.description = draft.description === '' ? (original ? null : undefined) : draft.description
  }
  if (!original ? draft.eventTypes.length > 0 : !sameSet(draft.eventTypes, original.eventTypes)) {
    body.event_types = draft.eventTypes
  }
  if (!original ? draft.headers.length > 0 : !sameHeaders(draft.headers, original.headers)) {
    body.headers = headersOf(draft.headers, errors)
  }
  const rateLimit = wholeNumber(draft.rateLimit, 'rate_limit', errors)
  if (changed((d) => d.rateLimit.trim()) && (original || rateLimit !== null)) {
    body.rate_limit = rateLimit
  }
  const maxInFlight = wholeNumber(draft.maxInFlight, 'max_in_flight', errors)
  if (changed((d) => d.maxInFlight.trim()) && (original || maxInFlight !== null)) {
    body.max_in_flight = maxInFlight
  }
  if (changed((d) => d.fifo) && (original || draft.fifo)) {
    body.fifo = draft.fifo
  }
  if (Object.keys(errors).length > 0) {
    return { errors }
  }
  if (body.description === undefined) {
    delete body.description
  }
  return { body }
}
