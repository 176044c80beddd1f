import { describe, expect, it } from 'vitest'
import { filtersFrom, paramsOf } from './filters'
import { listQuery } from './queries'

describe('the list filters', () => {
  it('go to the address and back, times with their offset and metadata by key', () => {
    const filters = { status: 'pending', account: 'wallet:alice', occurred_from: '2026-03-01T00:00:00+02:00',
      metadata: [['order', '123'], ['tier', '2']] as [string, string][] }
    const params = paramsOf(filters)
    expect(params.toString()).toContain('occurred_from=2026-03-01T00%3A00%3A00%2B02%3A00')
    expect(filtersFrom(new URLSearchParams(params.toString()))).toEqual(filters)
  })

  it('become the API query: metadata[key]=value, nothing for what is not given', () => {
    expect(listQuery({ external_id: 'order-1', metadata: [['tier', '2']] }))
      .toEqual({ external_id: 'order-1', 'metadata[tier]': '2' })
    expect(filtersFrom(new URLSearchParams('status=&metadata[]=x'))).toEqual({})
  })
})
