import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { RouterProvider, createMemoryRouter, type RouteObject } from 'react-router'
import { vi } from 'vitest'
import type { Ledger, Session } from '../api/types'
import { SESSION_KEY } from '../session/session'
import { LedgerLayout } from '../shell/LedgerLayout'
import { SignedInContext, type SignedIn } from '../shell/signedIn'
import { Elsewhere } from './Elsewhere'

/** The one fake API and page renderer of the console's component tests. */

export const LEDGER: Ledger = { id: '00000000-0000-0000-0000-000000000005', code: 'main', name: 'Main', currency: 'USD', project_id: 'p1' }

export const OWNER: Session = {
  user: { id: 'u-ada', email: 'ada@example.com' },
  organization: { id: 'org-1', name: 'Ada Books' },
  role: 'owner',
  scopes: ['ledger:read', 'ledger:write', 'webhooks:read', 'webhooks:write', 'iam:admin'],
  expires_at: '2026-03-02T23:00:00Z',
  idle_expires_at: '2026-03-02T11:30:00Z',
}

export const DEVELOPER: Session = { ...OWNER, role: 'developer', scopes: OWNER.scopes.filter((s) => s !== 'iam:admin') }

/**
 * One request the page made: method, path with its query as sent, JSON body; and, not enumerable (so a call
 * equals { method, path, body } in an assertion), the path parsed (url) and the headers.
 */
export interface Call {
  method: string
  path: string
  body: unknown
  readonly url: URL
  readonly headers: Headers
}

/**
 * What the fake API answers: a status (200 by default), a body (JSON, or a string sent as it is, of type),
 * headers; or a Response as it is. A problem (status >= 400) goes out as problem+json, as the API writes it.
 */
export type Answer = { status?: number; body?: unknown; type?: string; headers?: Record<string, string> } | Response

export const json = (body: unknown, status = 200): Answer => ({ status, body })

/** A problem as the API writes it: its status, and code, detail, errors… */
export const problem = (status: number, fields: { detail: string; code?: string; [more: string]: unknown }): Answer =>
  ({ status, body: { status, ...fields } })

function respond(answer: Answer): Response {
  if (answer instanceof Response) {
    return answer
  }
  const status = answer.status ?? 200
  const type = answer.type ?? (status >= 400 ? 'application/problem+json' : 'application/json')
  const body = status === 204 ? null : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {})
  return new Response(body, { status, headers: { 'Content-Type': type, ...answer.headers } })
}

/**
 * Replaces fetch by an API that answers GET /v1/ledgers with ledgers (by default LEDGER; null: asks answer too)
 * and every other call with answer(call), undefined being a 404. Every call is recorded, in order.
 */
export function fakeApi(answer: (call: Call) => Answer | undefined = () => undefined,
  { ledgers = [LEDGER] }: { ledgers?: Ledger[] | null } = {}): Call[] {
  const calls: Call[] = []
  vi.stubGlobal('fetch', vi.fn(async (path: string, init: RequestInit = {}) => {
    const call = Object.defineProperties({
      method: init.method ?? 'GET',
      path,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    }, {
      url: { value: new URL(path, 'http://console.test') },
      headers: { value: new Headers(init.headers) },
    }) as Call
    calls.push(call)
    const found = (ledgers && call.method === 'GET' && path === '/v1/ledgers' ? json({ data: ledgers, next_cursor: null }) : undefined)
      ?? answer(call)
      ?? problem(404, { code: 'NOT_FOUND', detail: `No fake for ${call.method} ${path}` })
    return respond(found)
  }))
  return calls
}

export interface PageOptions {
  /** what GET /v1/sessions/current holds; null: signed out (no signed-in context) */
  session?: Session | null
  projectId?: string | null
  selectProject?: (projectId: string | null) => void
  /** the route pattern an element is at (default: the url's path) */
  route?: string
}

/**
 * Renders a page at url, as the app would: a page element (at options.route) or routes, any other path a
 * marker saying where the page went (data-testid "location"); signed in as options.session (default OWNER)
 * with the chosen project, the session in the query cache as the shell leaves it.
 */
export function renderPage(url: string, page: ReactElement | RouteObject[], options: PageOptions = {}) {
  const { session = OWNER, projectId = null, selectProject = vi.fn(), route = url.split('?')[0] } = options
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  client.setQueryData(SESSION_KEY, session)
  const signedIn: SignedIn | null = session ? { session, projectId, selectProject } : null
  const routes = Array.isArray(page) ? page : [{ path: route, element: page }]
  const router = createMemoryRouter([...routes, { path: '*', element: <Elsewhere /> }], { initialEntries: [url] })
  const result = render(
    <QueryClientProvider client={client}>
      <SignedInContext.Provider value={signedIn}>
        <RouterProvider router={router} />
      </SignedInContext.Provider>
    </QueryClientProvider>,
  )
  return { ...result, client, router }
}

/** Renders a ledger's page at url (under /ledgers/:ledgerId), inside the ledger layout, as renderPage does. */
export function renderLedgerPage(url: string, routes: RouteObject[] = [], options: PageOptions = {}) {
  return renderPage(url, [{ path: '/ledgers/:ledgerId', element: <LedgerLayout />, children: routes }], options)
}
