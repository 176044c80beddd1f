/**
 * The console's one way to call the public API: same origin, so the browser sends the HttpOnly session
 * cookie (__Host-laas_session) by itself; every unsafe request carries the session's CSRF token (readable
 * in the __Host-laas_csrf cookie) in X-CSRF-Token, as the gateway requires (docs/api.md, "People and
 * sessions"). A problem+json answer becomes an ApiError whose message is the problem's detail.
 */

export const CSRF_COOKIE = '__Host-laas_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

/** An RFC 9457 problem as the API writes it. */
export interface Problem {
  type?: string
  title?: string
  status: number
  detail?: string
  code?: string
  errors?: unknown
}

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `The request failed (HTTP ${problem.status}).`)
    this.name = 'ApiError'
    this.status = problem.status
    this.problem = problem
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) {
      return decodeURIComponent(value.join('='))
    }
  }
  return undefined
}

/** Headers of one request: JSON in, the CSRF token on unsafe methods when the session has one. */
export function requestHeaders(method: string, hasBody: boolean, csrf: string | undefined): Headers {
  const headers = new Headers({ Accept: 'application/json, application/problem+json' })
  if (hasBody) {
    headers.set('Content-Type', 'application/json')
  }
  if (UNSAFE.has(method.toUpperCase()) && csrf) {
    headers.set(CSRF_HEADER, csrf)
  }
  return headers
}

/** The problem an answer that is not 2xx stands for, whatever its body. */
export async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('Content-Type') ?? ''
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>
      return { ...body, status: response.status }
    } catch {
      // an unreadable body says no more than the status
    }
  }
  return { status: response.status, title: response.statusText || undefined }
}

/** One request: the answer when it is 2xx, otherwise an ApiError (status 0 when the service cannot be reached). */
async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin' })
  } catch {
    throw new ApiError({ status: 0, detail: 'The service cannot be reached. Check your connection and try again.' })
  }
  if (!response.ok) {
    throw new ApiError(await problemOf(response))
  }
  return response
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  return send(path, {
    method,
    headers: requestHeaders(method, body !== undefined, readCookie(CSRF_COOKIE)),
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

const bodyOf = async <T,>(response: Response): Promise<T> =>
  response.status === 204 ? undefined as T : (await response.json()) as T

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return bodyOf<T>(await call(method, path, body))
}

/** A write's answer and the ledger's sequence after it (its Ledger-Sequence header; undefined if none). */
export interface Written<T> {
  body: T
  sequence: number | undefined
}

/**
 * A write to a ledger, answered with the ledger's sequence after it: the reads that follow ask the read model
 * for at least that sequence (min_sequence) instead of polling (docs/api.md, "Reads after writes").
 */
export async function write<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Written<T>> {
  const response = await call(method, path, body ?? (method === 'POST' ? {} : undefined))
  const header = response.headers.get('Ledger-Sequence')
  return { body: await bodyOf<T>(response), sequence: header === null ? undefined : Number(header) }
}

export const get = <T,>(path: string) => api<T>('GET', path)
export const post = <T,>(path: string, body?: unknown) => api<T>('POST', path, body ?? {})
export const put = <T,>(path: string, body: unknown) => api<T>('PUT', path, body)
export const patch = <T,>(path: string, body: unknown) => api<T>('PATCH', path, body)
export const del = <T,>(path: string) => api<T>('DELETE', path)

/** A path with its query: parameters undefined, null or empty are left out; arrays repeat the name. */
export function withQuery(path: string, params: Record<string, string | number | boolean | string[] | null | undefined>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') {
      continue
    }
    for (const one of Array.isArray(value) ? value : [value]) {
      query.append(name, String(one))
    }
  }
  const text = query.toString()
  return text ? `${path}?${text}` : path
}

/** A GET answered in another representation than JSON (a report's CSV), as a Blob; errors as for api(). */
export async function getBlob(path: string, accept: string): Promise<Blob> {
  const response = await send(path, { headers: { Accept: `${accept}, application/problem+json` } })
  return response.blob()
}
