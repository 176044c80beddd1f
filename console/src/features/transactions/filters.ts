import type { TransactionFilters } from './types'

export const FILTER_NAMES = ['status', 'account', 'external_id', 'currency', 'occurred_from', 'occurred_to',
  'recorded_from', 'recorded_to'] as const

const METADATA = /^metadata\[(.*)\]$/

/** The list's filters from the page's address (the same names as the API's query parameters). */
export function filtersFrom(params: URLSearchParams): TransactionFilters {
  const filters: TransactionFilters = {}
  for (const name of FILTER_NAMES) {
    const value = params.get(name)
    if (value) {
      filters[name] = value
    }
  }
  const metadata: [string, string][] = []
  params.forEach((value, name) => {
    const match = METADATA.exec(name)
    if (match && match[1]) {
      metadata.push([match[1], value])
    }
  })
  if (metadata.length) {
    filters.metadata = metadata
  }
  return filters
}

/** The page's address for these filters. */
export function paramsOf(filters: TransactionFilters): URLSearchParams {
  const params = new URLSearchParams()
  for (const name of FILTER_NAMES) {
    const value = filters[name]
    if (value) {
      params.set(name, value)
    }
  }
  for (const [key, value] of filters.metadata ?? []) {
    if (key) {
      params.append(`metadata[${key}]`, value)
    }
  }
  return params
}
