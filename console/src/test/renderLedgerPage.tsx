import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { RouterProvider, createMemoryRouter } from 'react-router'
import { vi } from 'vitest'
import { LEDGERS_KEY } from '../shell/ledgers'

export const LEDGER = { id: '00000000-0000-0000-0000-000000000005', code: 'main', name: 'Main', currency: 'USD', project_id: 'p' }

export interface Call {
  method: string
  path: string
  body: unknown
  headers: Headers
}

/**
 * Renders a ledger page at url (under /ledgers/:ledgerId) with the API answered by answer(call): a body
 * (200 JSON), or a Response. Every call is kept, in order.
 */
export function renderLedgerPage(routes: { path: string; element: ReactElement }[], url: string,
  answer: (call: Call) => unknown) {
  const calls: Call[] = []
  vi.stubGlobal('fetch', vi.fn(async (path: string, init: RequestInit = {}) => {
    const call = { method: init.method ?? 'GET', path, body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: new Headers(init.headers) }
    if (path === '/v1/ledgers') {
      return new Response(JSON.stringify({ data: [LEDGER] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }
    calls.push(call)
    const result = await answer(call)
    return result instanceof Response ? result
      : new Response(JSON.stringify(result), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }))
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  client.setQueryData(LEDGERS_KEY, { data: [LEDGER] })
  const router = createMemoryRouter([{ path: '/ledgers/:ledgerId', children: routes }], { initialEntries: [url] })
  render(<QueryClientProvider client={client}><RouterProvider router={router} /></QueryClientProvider>)
  return { calls, router }
}

export const problem = (status: number, body: object) =>
  new Response(JSON.stringify({ status, ...body }), { status, headers: { 'Content-Type': 'application/problem+json' } })
