import type { WebhookEndpoint } from './types'

/** An endpoint and its statistics as the API gives them, for the webhooks' tests. */
export const ENDPOINT: WebhookEndpoint = {
  id: 'e0000000-0000-4000-8000-000000000001',
  url: 'https://hooks.example.com/laas',
  event_types: ['transaction.*'],
  description: 'orders',
  enabled: true,
  disabled_reason: null,
  created_at: '2026-03-02T10:30:00Z',
  updated_at: '2026-03-02T10:30:00Z',
  headers: { Authorization: '********', 'X-Tenant': 'acme' },
  rate_limit: null,
  max_in_flight: 4,
  fifo: false,
  disabled_at: null,
  failing_since: null,
  previous_secret_expires_at: null,
}

export const STATS = {
  window: '24h', attempts: 8, succeeded: 6, failed: 2, success_rate: 0.75, average_latency_ms: 40,
  max_latency_ms: 120, last_attempt_at: '2026-03-02T10:31:00Z', last_status: 503, last_error: 'HTTP 503',
  queue: { pending: 1, due: 0, in_flight: 0 }, enabled: true, failing_since: null,
}
