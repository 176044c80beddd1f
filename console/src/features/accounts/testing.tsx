import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { RouterProvider, createMemoryRouter } from 'react-router'
import { vi } from 'vitest'
import { LedgerLayout } from '../../shell/LedgerLayout'
import { SignedInContext, type SignedIn } from '../../shell/signedIn'
import { accountsFeature } from './routes'
import type { Account } from './types'

export const LEDGER_ID = '00000000-0000-0000-0000-00000000000a'

const SIGNED_IN: SignedIn = {
  session: { user: { id: 'u1', email: 'owner@example.com' }, organization: { id: 'o1', name: 'Acme' }, role: 'owner',
    scopes: ['ledger:read', 'ledger:write'], expires_at: '2030-01-01T00:00:00Z', idle_expires_at: '2030-01-01T00:00:00Z' },
  projectId: null,
  selectProject: () => undefined,
}

type Handler = (url: URL, init: RequestInit) => { status?: number; body: unknown; type?: string } | undefined

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body),
    { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : type } })

/**
 * Replaces fetch by the API the handler answers (the ledgers list is answered already); every call is recorded
 * as [method, path with query, body].
 */
export function fakeApi(handler: Handler) {
  const calls: [string, string, unknown][] = []
  const fetch = vi.fn(async (path: string, init: RequestInit = {}) => {
    const url = new URL(path, 'http://console.test')
    const method = init.method ?? 'GET'
    calls.push([method, url.pathname + url.search, init.body ? JSON.parse(String(init.body)) : undefined])
    if (url.pathname === '/v1/ledgers') {
      return json(200, { data: [{ id: LEDGER_ID, code: 'main', name: 'Main', currency: 'USD', project_id: 'p1' }] })
    }
    const answer = handler(url, init)
    if (!answer) {
      return json(404, { status: 404, code: 'NOT_FOUND', detail: `No fake for ${method} ${url.pathname}` })
    }
    return json(answer.status ?? 200, answer.body, answer.type)
  })
  vi.stubGlobal('fetch', fetch)
  return calls
}

/** A ledger page of this feature, at path (under /ledgers/:ledgerId), signed in as an owner. */
export function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const router = createMemoryRouter([
    { path: 'ledgers/:ledgerId', element: <LedgerLayout />, children: accountsFeature.ledgerRoutes },
  ], { initialEntries: [`/ledgers/${LEDGER_ID}/${path}`] })
  return render(
    <QueryClientProvider client={client}>
      <SignedInContext.Provider value={SIGNED_IN}>
        <RouterProvider router={router} />
      </SignedInContext.Provider>
    </QueryClientProvider>,
  )
}

/** An account of the read model, USD, open, at zero unless told otherwise. */
export function account(code: string, overrides: Partial<Account> = {}): Account {
  return {
    id: `id-${code}`, code, name: code, type: 'asset', normal_balance: 'debit', currency: 'USD', parent_code: null,
    parent_id: null, status: 'open', limits: { min_balance: null, max_balance: null }, metadata: {}, version: 0,
    created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z', balance: '0.00', debits: '0.00',
    credits: '0.00', balances: { posted: '0.00', pending_debits: '0.00', pending_credits: '0.00', available: '0.00' },
    ...overrides,
  }
}
