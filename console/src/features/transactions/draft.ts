import { toRfc3339 } from '../../format/time'

/**
 * The RFC 3339 time of a datetime-local value; a browser may write fractions of a second ("…:05.000"),
 * which the inputs here never ask for (step 1 s), so they are left out.
 */
import type { Direction, NewTransaction } from './types'

/** A posting as the form holds it; key tells rows apart while they are added and removed. */
export interface DraftPosting {
  key: string
  account_code: string
  direction: Direction
  amount: string
  currency: string
}

export interface MetadataPair {
  key: string
  name: string
  value: string
}

export interface DraftTransaction {
  postings: DraftPosting[]
  externalId: string
  /** datetime-local values */
  occurredAt: string
  pending: boolean
  expiresAt: string
  metadataMode: 'pairs' | 'json'
  metadataPairs: MetadataPair[]
  metadataJson: string
}

let rowCounter = 0
export const rowKey = () => `row-${++rowCounter}`

export function emptyPosting(direction: Direction, currency: string): DraftPosting {
  return { key: rowKey(), account_code: '', direction, amount: '', currency }
}

export function emptyDraft(currency: string): DraftTransaction {
  return {
    postings: [emptyPosting('debit', currency), emptyPosting('credit', currency)],
    externalId: '',
    occurredAt: '',
    pending: false,
    expiresAt: '',
    metadataMode: 'pairs',
    metadataPairs: [],
    metadataJson: '{}',
  }
}

/** The metadata the form holds: the pairs as an object of strings, or the JSON, which must be an object. */
export function metadataOf(draft: DraftTransaction): { metadata?: Record<string, unknown>; problem?: string } {
  if (draft.metadataMode === 'pairs') {
    const named = draft.metadataPairs.filter((pair) => pair.name.trim() !== '')
    return named.length ? { metadata: Object.fromEntries(named.map((pair) => [pair.name.trim(), pair.value])) } : {}
  }
  if (draft.metadataJson.trim() === '') {
    return {}
  }
  try {
    const value: unknown = JSON.parse(draft.metadataJson)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { problem: 'must be a JSON object, such as {"order": "123"}' }
    }
    return Object.keys(value).length ? { metadata: value as Record<string, unknown> } : {}
  } catch {
    return { problem: 'is not valid JSON' }
  }
}

/** The metadata as pairs, when every value is a string (otherwise it stays JSON). */
export function pairsOf(json: string): MetadataPair[] | undefined {
  try {
    const value: unknown = JSON.parse(json.trim() || '{}')
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return undefined
    }
    const entries = Object.entries(value)
    if (!entries.every(([, one]) => typeof one === 'string')) {
      return undefined
    }
    return entries.map(([name, one]) => ({ key: rowKey(), name, value: one as string }))
  } catch {
    return undefined
  }
}

/**
 * The request the form stands for, or the problems (by the request's field names) that keep it from being
 * sent: times that are not times, metadata that is not an object.
 */
export function requestOf(draft: DraftTransaction, idempotencyKey: string):
  { request?: NewTransaction; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  const occurredAt = draft.occurredAt ? toRfc3339(draft.occurredAt) : undefined
  if (draft.occurredAt && !occurredAt) {
    problems.occurred_at = 'is not a date and time'
  }
  const expiresAt = draft.pending && draft.expiresAt ? toRfc3339(draft.expiresAt) : undefined
  if (draft.pending && draft.expiresAt && !expiresAt) {
    problems.expires_at = 'is not a date and time'
  }
  const { metadata, problem } = metadataOf(draft)
  if (problem) {
    problems.metadata = problem
  }
  if (Object.keys(problems).length) {
    return { problems }
  }
  const request: NewTransaction = {
    idempotency_key: idempotencyKey,
    postings: draft.postings.map(({ account_code, direction, amount, currency }) =>
      ({ account_code: account_code.trim(), direction, amount: amount.trim(), currency: currency.trim() })),
  }
  if (draft.externalId.trim()) request.external_id = draft.externalId.trim()
  if (occurredAt) request.occurred_at = occurredAt
  if (draft.pending) request.status = 'pending'
  if (expiresAt) request.expires_at = expiresAt
  if (metadata) request.metadata = metadata
  return { request, problems }
}
