import { describe, expect, it } from 'vitest'
import { EMPTY_DRAFT, MASKED, bodyOf, draftOf } from './endpointDraft'
import type { WebhookEndpoint } from './types'

const endpoint: WebhookEndpoint = {
  id: 'e1', url: 'https://hooks.example.com/laas', event_types: ['transaction.posted'], description: 'orders',
  enabled: true, disabled_reason: null, created_at: '2026-03-02T10:30:00Z', updated_at: '2026-03-02T10:30:00Z',
  headers: { Authorization: MASKED, 'X-Tenant': 'acme' }, rate_limit: 10, max_in_flight: null, fifo: false,
  disabled_at: null, failing_since: null, previous_secret_expires_at: null,
}

describe('bodyOf a registration', () => {
  it('sends what was given and leaves the rest to the service defaults', () => {
    expect(bodyOf({ ...EMPTY_DRAFT, url: ' https://hooks.example.com/a ' })).toEqual({
      body: { url: 'https://hooks.example.com/a' },
    })
    expect(bodyOf({
      url: 'https://hooks.example.com/a', description: 'orders', eventTypes: ['transaction.*', 'account.created'],
      headers: [{ name: 'X-Tenant', value: 'acme' }, { name: '', value: '' }], rateLimit: '5', maxInFlight: '2',
      fifo: true,
    })).toEqual({
      body: {
        url: 'https://hooks.example.com/a', description: 'orders', event_types: ['transaction.*', 'account.created'],
        headers: { 'X-Tenant': 'acme' }, rate_limit: 5, max_in_flight: 2, fifo: true,
      },
    })
  })

  it('names every problem found before sending', () => {
    expect(bodyOf({ ...EMPTY_DRAFT, rateLimit: '0', maxInFlight: '2.5', headers: [{ name: '', value: 'x' }] })).toEqual({
      errors: {
        url: 'must not be blank',
        rate_limit: 'must be a whole number of at least 1, or empty',
        max_in_flight: 'must be a whole number of at least 1, or empty',
        headers: 'every header needs a name',
      },
    })
  })
})

describe('bodyOf an edit', () => {
  it('sends only what changed, and null to clear', () => {
    const original = draftOf(endpoint)
    expect(bodyOf(original, original)).toEqual({ body: {} })
    expect(bodyOf({ ...original, description: '', rateLimit: '', maxInFlight: '3', fifo: true }, original)).toEqual({
      body: { description: null, rate_limit: null, max_in_flight: 3, fifo: true },
    })
    expect(bodyOf({ ...original, eventTypes: [] }, original)).toEqual({ body: { event_types: [] } })
  })

  it('never sends a masked header value back, and keeps the headers out of a patch that leaves them alone', () => {
    const original = draftOf(endpoint)
    expect(bodyOf({ ...original, url: 'https://hooks.example.com/b' }, original))
      .toEqual({ body: { url: 'https://hooks.example.com/b' } })
    const added = { ...original, headers: [...original.headers, { name: 'X-Region', value: 'eu' }] }
    expect(bodyOf(added, original)).toEqual({
      errors: { 'headers.Authorization': 'the API shows this value masked: type it again' },
    })
    const retyped = { ...added, headers: added.headers.map((row) => row.value === MASKED ? { ...row, value: 'Bearer t' } : row) }
    expect(bodyOf(retyped, original)).toEqual({
      body: { headers: { Authorization: 'Bearer t', 'X-Tenant': 'acme', 'X-Region': 'eu' } },
    })
  })

  it('reads `*` as every type', () => {
    expect(draftOf({ ...endpoint, event_types: ['*'] }).eventTypes).toEqual([])
  })
})
