/** The webhook API's shapes the console reads (docs/api.md, "Webhook endpoints" and "Webhook messages"). */

export interface WebhookEndpoint {
  id: string
  url: string
  event_types: string[]
  description: string | null
  enabled: boolean
  disabled_reason: string | null
  created_at: string
  updated_at: string
  /** credential-like values come back masked as ******** */
  headers: Record<string, string>
  rate_limit: number | null
  max_in_flight: number | null
  fifo: boolean
  disabled_at: string | null
  failing_since: string | null
  previous_secret_expires_at: string | null
}

/** The answer of a registration: the endpoint and its signing secret, shown only there. */
export interface CreatedEndpoint extends Omit<WebhookEndpoint, 'disabled_reason' | 'updated_at' | 'disabled_at'
  | 'failing_since' | 'previous_secret_expires_at'> {
  secret: string
}

export interface RotatedSecret {
  secret: string
  previous_secret_expires_at: string
}

export interface TestMessage {
  message_id: string
  event_type: string
}

export type StatsWindow = '1h' | '24h' | '7d'

export interface EndpointStats {
  window: StatsWindow
  attempts: number
  succeeded: number
  failed: number
  success_rate: number | null
  average_latency_ms: number | null
  max_latency_ms: number | null
  last_attempt_at: string | null
  last_status: number | null
  last_error: string | null
  queue: { pending: number; due: number; in_flight: number }
  enabled: boolean
  failing_since: string | null
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed'

export interface Attempt {
  id: string
  message_id: string
  endpoint_id: string
  event_type: string
  attempt_number: number
  attempted_at: string
  response_status: number | null
  error: string | null
  duration_ms: number
  delivery_status: DeliveryStatus
}

export interface WebhookMessage {
  id: string
  event_type: string
  received_at: string
  payload: Record<string, unknown>
}

export interface Delivery {
  endpoint_id: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: string | null
  last_attempt_at: string | null
}

export interface MessageDetail extends WebhookMessage {
  deliveries: Delivery[]
}

/** Header values as kept: a string, or several. */
export type LoggedHeaders = Record<string, string | string[]>

export interface AttemptDetail {
  id: string
  message_id: string
  endpoint_id: string
  attempt_number: number
  attempted_at: string
  duration_ms: number
  error: string | null
  request: { method: string; url: string; headers: LoggedHeaders | null; body: string | null }
  response: { status: number | null; headers: LoggedHeaders | null; body: string | null; truncated: boolean }
}

export interface Recovered {
  recovered: number
}
