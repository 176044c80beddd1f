import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter, Route, Routes } from 'react-router'
import { vi } from 'vitest'
import type { Session } from '../../api/types'
import { SESSION_KEY } from '../../session/session'
import { SignedInContext, type SignedIn } from '../../shell/signedIn'

export const OWNER: Session = {
  user: { id: 'u-ada', email: 'ada@example.com' },
  organization: { id: 'org-1', name: 'Ada Books' },
  role: 'owner',
  scopes: ['ledger:read', 'ledger:write', 'webhooks:read', 'webhooks:write', 'iam:admin'],
  expires_at: '2026-03-02T23:00:00Z',
  idle_expires_at: '2026-03-02T11:30:00Z',
}

export const DEVELOPER: Session = { ...OWNER, role: 'developer', scopes: OWNER.scopes.filter((s) => s !== 'iam:admin') }

/** One request the page made, its body parsed. */
export interface Sent {
  method: string
  path: string
  body: unknown
}

type Answer = { status: number; body?: unknown }

/**
 * fetch answered by the handler (method and path, e.g. "POST /v1/projects"); what was sent is recorded.
 * A problem (status >= 400) goes out as problem+json, as the API writes it.
 */
export function mockApi(handler: (request: Sent) => Answer | undefined) {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', vi.fn(async (path: string, init?: RequestInit) => {
    const request: Sent = {
      method: init?.method ?? 'GET',
      path,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    sent.push(request)
    const answer = handler(request) ?? { status: 404, body: { status: 404, detail: `No fake for ${request.method} ${path}` } }
    if (answer.status === 204) {
      return new Response(null, { status: 204 })
    }
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': answer.status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  }))
  return sent
}

export const problem = (status: number, code: string, detail: string, errors?: { field: string; message: string }[]) =>
  ({ status, body: { status, code, detail, errors } })

/**
 * The page at path (any other: a marker that says where the page went), with a query client (session: what GET /v1/sessions/current holds, null signed out) and,
 * when signed in, the signed-in context the AppShell gives.
 */
interface PageOptions {
  path?: string
  /** the route pattern the page is at (default: the path) */
  route?: string
  session?: Session | null
  projectId?: string | null
  selectProject?: (projectId: string | null) => void
}

export function renderPage(page: ReactNode, options: PageOptions = {}) {
  const { path = '/', route = path, session = OWNER, projectId = null, selectProject = vi.fn() } = options
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  client.setQueryData(SESSION_KEY, session)
  const signedIn: SignedIn | null = session ? { session, projectId, selectProject } : null
  const result = render(
    <QueryClientProvider client={client}>
      <SignedInContext.Provider value={signedIn}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={page} />
            <Route path="/ledgers" element={<p data-testid="location">/ledgers</p>} />
            <Route path="*" element={<p data-testid="location">elsewhere</p>} />
          </Routes>
        </MemoryRouter>
      </SignedInContext.Provider>
    </QueryClientProvider>,
  )
  return { ...result, client }
}
