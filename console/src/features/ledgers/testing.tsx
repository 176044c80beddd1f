import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter, Route, Routes } from 'react-router'
import { vi } from 'vitest'
import type { Session } from '../../api/types'
import { SignedInContext } from '../../shell/signedIn'

/** One request the page made: method, path with its query, JSON body. */
export interface Call {
  method: string
  path: string
  body: unknown
}

type Answer = { status?: number; body?: unknown } | undefined

/**
 * Stubs fetch with answers chosen by `answer(call)` (undefined: 404); every call is recorded. Problems are
 * answered as problem+json, like the API.
 */
export function fakeApi(answer: (call: Call) => Answer) {
  const calls: Call[] = []
  vi.stubGlobal('fetch', vi.fn(async (path: string, init: RequestInit = {}) => {
    const call = { method: init.method ?? 'GET', path, body: init.body ? JSON.parse(String(init.body)) : undefined }
    calls.push(call)
    const found = answer(call) ?? { status: 404, body: { status: 404, detail: `No answer for ${call.method} ${path}` } }
    const status = found.status ?? 200
    const type = status >= 400 ? 'application/problem+json' : 'application/json'
    return new Response(status === 204 ? null : JSON.stringify(found.body ?? {}), { status, headers: { 'Content-Type': type } })
  }))
  return calls
}

export const owner: Session = {
  user: { id: 'u1', email: 'ada@example.com' },
  organization: { id: 'o1', name: 'Ada Books' },
  role: 'owner',
  scopes: ['ledger:read', 'ledger:write', 'webhooks:read', 'webhooks:write', 'iam:admin'],
  expires_at: '2026-12-01T12:00:00Z',
  idle_expires_at: '2026-12-01T12:00:00Z',
}

/** Renders routes as the signed-in shell would, at `path`, for `session` with the chosen project. */
export function renderSignedIn(routes: ReactNode, path: string, { session = owner, projectId = null as string | null } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <QueryClientProvider client={client}>
      <SignedInContext.Provider value={{ session, projectId, selectProject: () => {} }}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            {routes}
            <Route path="*" element={<p>Elsewhere</p>} />
          </Routes>
        </MemoryRouter>
      </SignedInContext.Provider>
    </QueryClientProvider>,
  )
}
