import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, del, get, post } from '../api/client'
import type { Session } from '../api/types'

export const SESSION_KEY = ['session'] as const

/** The signed-in person, or null when there is no session (401 SESSION_INVALID is not an error here). */
export async function currentSession(): Promise<Session | null> {
  try {
    return await get<Session>('/v1/sessions/current')
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null
    }
    throw error
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: currentSession, staleTime: 30_000 })
}

export interface Credentials {
  email: string
  password: string
}

export function useSignIn() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (credentials: Credentials) => post<Session>('/v1/sessions', credentials),
    onSuccess: async () => {
      client.clear()
      await client.invalidateQueries({ queryKey: SESSION_KEY })
    },
  })
}

export function useSignOut() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => del<void>('/v1/sessions/current'),
    onSettled: () => {
      client.clear()
      client.setQueryData(SESSION_KEY, null)
    },
  })
}
