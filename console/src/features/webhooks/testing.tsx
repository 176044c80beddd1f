import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { RouterProvider, createMemoryRouter } from 'react-router'
import { vi } from 'vitest'
import type { Session } from '../../api/types'
import { LedgerLayout } from '../../shell/LedgerLayout'
import { SignedInContext } from '../../shell/signedIn'
import { webhooksFeature } from './routes'
import type { WebhookEndpoint } from './types'

export const LEDGER_ID = '00000000-0000-0000-0000-0000000000aa'

const SESSION: Session = {
  user: { id: 'u1', email: 'owner@example.test' },
  organization: { id: 'o1', name: 'Acme' },
  role: 'owner',
  scopes: ['ledger:read', 'ledger:write', 'webhooks:read', 'webhooks:write'],
  expires_at: '2030-01-01T00:00:00Z',
  idle_expires_at: '2030-01-01T00:00:00Z',
}

/** One request the fake API saw. */
export interface Seen {
  method: string
  path: string
  body: unknown
}

/** What the fake API answers: a status (200 by default) and a JSON body. */
export type Answer = { status?: number; body?: unknown }

type Handler = (request: Seen) => Answer | undefined

export const json = (body: unknown, status = 200) => ({ status, body })

export const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) =>
  ({ status, body: { status, detail, ...extra } })

/**
 * Stubs fetch with an API that answers the ledgers list and then asks `handle` (method and path with its
 * query); every request is recorded in the returned list.
 */
export function fakeApi(handle: Handler): Seen[] {
  const seen: Seen[] = []
  vi.stubGlobal('fetch', vi.fn(async (path: string, init: RequestInit = {}) => {
    const request = { method: init.method ?? 'GET', path, body: init.body ? JSON.parse(String(init.body)) : undefined }
    seen.push(request)
    const answer = path === '/v1/ledgers'
      ? json({ data: [{ id: LEDGER_ID, code: 'main', name: 'Main books', currency: 'EUR', project_id: 'p1' }] })
      : handle(request)
    if (!answer) {
      return new Response(JSON.stringify({ status: 404, detail: `No fake for ${request.method} ${path}` }),
        { status: 404, headers: { 'Content-Type': 'application/problem+json' } })
    }
    const status = answer.status ?? 200
    if (status === 204) {
      return new Response(null, { status })
    }
    return new Response(JSON.stringify(answer.body), {
      status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  }))
  return seen
}

/** Renders the webhooks pages of the ledger at `path` (below /ledgers/:ledgerId), signed in as an owner. */
export function renderWebhooks(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const router = createMemoryRouter([
    { path: '/ledgers/:ledgerId', element: <LedgerLayout />, children: webhooksFeature.ledgerRoutes },
  ], { initialEntries: [`/ledgers/${LEDGER_ID}/${path}`] })
  render(
    <QueryClientProvider client={client}>
      <SignedInContext.Provider value={{ session: SESSION, projectId: null, selectProject: () => {} }}>
        <RouterProvider router={router} />
      </SignedInContext.Provider>
    </QueryClientProvider>,
  )
  return router
}

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
