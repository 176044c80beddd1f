import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, CSRF_HEADER, api, problemOf, readCookie, requestHeaders } from './client'

describe('requestHeaders', () => {
  it('sends the CSRF token on every unsafe method and never on reads', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'delete']) {
      expect(requestHeaders(method, false, 'tok').get(CSRF_HEADER)).toBe('tok')
    }
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(requestHeaders(method, false, 'tok').get(CSRF_HEADER)).toBeNull()
    }
  })

  it('sends no CSRF header before sign-in and JSON only with a body', () => {
    expect(requestHeaders('POST', true, undefined).has(CSRF_HEADER)).toBe(false)
    expect(requestHeaders('POST', true, undefined).get('Content-Type')).toBe('application/json')
    expect(requestHeaders('DELETE', false, 'tok').has('Content-Type')).toBe(false)
  })
})

describe('readCookie', () => {
  it('finds the CSRF cookie among others and decodes it', () => {
    expect(readCookie('__Host-laas_csrf', 'a=1; __Host-laas_csrf=Yq3m%2D0v; b=2')).toBe('Yq3m-0v')
    expect(readCookie('__Host-laas_csrf', 'x__Host-laas_csrf=no')).toBeUndefined()
    expect(readCookie('__Host-laas_csrf', '')).toBeUndefined()
  })
})

describe('problemOf', () => {
  it('keeps the problem of a problem+json answer, its detail first', async () => {
    const response = new Response(JSON.stringify({ title: 'Forbidden', status: 403, code: 'CSRF_TOKEN_INVALID',
      detail: 'A request signed in by the session cookie needs the session\'s CSRF token in X-CSRF-Token.' }),
    { status: 403, headers: { 'Content-Type': 'application/problem+json' } })
    const error = new ApiError(await problemOf(response))
    expect(error.status).toBe(403)
    expect(error.problem.code).toBe('CSRF_TOKEN_INVALID')
    expect(error.message).toContain('CSRF token')
  })

  it('says no more than the status when the body is not JSON', async () => {
    const problem = await problemOf(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway',
      headers: { 'Content-Type': 'text/html' } }))
    expect(problem).toEqual({ status: 502, title: 'Bad Gateway' })
    expect(new ApiError(problem).message).toBe('Bad Gateway')
  })
})

describe('api', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('calls the same origin with the cookie and turns a refusal into an ApiError with its detail', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(JSON.stringify({ status: 401, code: 'SESSION_INVALID',
      detail: 'The session has ended.' }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } }))
    vi.stubGlobal('fetch', fetch)
    vi.stubGlobal('document', { cookie: '__Host-laas_csrf=abc' })

    await expect(api('DELETE', '/v1/sessions/current')).rejects.toMatchObject({ status: 401,
      message: 'The session has ended.' })
    const [path, init] = fetch.mock.calls[0] as [string, RequestInit]
    expect(path).toBe('/v1/sessions/current')
    expect(init.credentials).toBe('same-origin')
    expect((init.headers as Headers).get(CSRF_HEADER)).toBe('abc')
  })

  it('reports a lost connection as an error a person can read', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    vi.stubGlobal('document', { cookie: '' })
    await expect(api('GET', '/v1/ledgers')).rejects.toMatchObject({ status: 0,
      message: expect.stringContaining('cannot be reached') })
  })
})
