import { ApiError } from '../api/client'

/** The problem's detail when the API gave one, so the person reads what the service said. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const message = error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.'
  return <p role="alert" className="error" id={id}>{message}</p>
}

export function Loading({ what }: { what: string }) {
  return <p role="status" aria-live="polite" className="loading">Loading {what}…</p>
}

/** What has just been done (opened, created, declared, recovered), said once it is: a status, in green. */
export function Notice({ children }: { children: React.ReactNode }) {
  return <p role="status" className="success">{children}</p>
}

/**
 * A query's states, said the one way: loading, its problem, and, once read, what to say when there is nothing
 * to show (empty: that text while there is nothing, false otherwise). The page shows what was read next to it.
 */
export function QueryStates({ query, what, empty }:
  { query: { isPending: boolean; isError: boolean; error: unknown }; what: string; empty?: React.ReactNode }) {
  if (query.isPending) {
    return <Loading what={what} />
  }
  if (query.isError) {
    return <ErrorMessage error={query.error} />
  }
  return empty ? <Empty>{empty}</Empty> : null
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty">{children}</div>
}
