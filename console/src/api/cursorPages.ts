import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query'
import { get } from './client'

/** A page of a paged list (docs/api.md, Pagination). */
export interface CursorPage<T> {
  data: T[]
  next_cursor: string | null
}

/**
 * A paged list read page after page: pathOf(cursor) gives the request of a page (the same filters each
 * time, the cursor of the page before). items is every item read so far, in order.
 */
export function useCursorPages<T>(queryKey: QueryKey, pathOf: (cursor: string | undefined) => string, enabled = true) {
  const query = useInfiniteQuery({
    queryKey,
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => get<CursorPage<T>>(pathOf(pageParam)),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
  const items = query.data?.pages.flatMap((page) => page.data) ?? []
  return { ...query, items }
}
