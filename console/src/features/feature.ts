import type { ComponentType } from 'react'
import type { RouteObject } from 'react-router'

/** A section of the navigation; scope: shown only to people whose session has it (e.g. iam:admin). */
export interface NavEntry {
  to: string
  label: string
  scope?: string
}

/**
 * What one feature adds to the console. Paths are relative: shellRoutes under / (signed in), ledgerRoutes
 * under /ledgers/:ledgerId, publicRoutes outside the signed-in shell (no session needed).
 */
export interface Feature {
  publicRoutes?: RouteObject[]
  shellRoutes?: RouteObject[]
  ledgerRoutes?: RouteObject[]
  /** the organisation's sections, in the sidebar */
  nav?: NavEntry[]
  /** a ledger's tabs; to is relative to the ledger ('' is its overview) */
  ledgerNav?: NavEntry[]
}

/**
 * A route's page, loaded with its route (react-router's lazy): each page is its own chunk, so what only some
 * pages use (the charts' library) loads only with them. name: the page's export in its module.
 */
export const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  async () => ({ Component: (await load())[name] })
