import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, post } from '../../api/client'
import type { Page } from '../../api/types'
import type { ApiKey, IssuedApiKey, IssuedOAuthClient, NewApiKey, NewOAuthClient, OAuthClient } from './types'

export const apiKeysKey = (projectId: string) => ['projects', projectId, 'api-keys'] as const
export const clientsKey = (projectId: string) => ['projects', projectId, 'clients'] as const

export function useApiKeys(projectId: string) {
  return useQuery({ queryKey: apiKeysKey(projectId), queryFn: () => get<Page<ApiKey>>(`/v1/projects/${projectId}/api-keys`) })
}

export function useOAuthClients(projectId: string) {
  return useQuery({ queryKey: clientsKey(projectId), queryFn: () => get<Page<OAuthClient>>(`/v1/projects/${projectId}/clients`) })
}

/** A change to a project's credentials; the list is read again after it, whatever the outcome. */
function useCredentialChange<Input, Output>(key: readonly unknown[], change: (input: Input) => Promise<Output>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: change, onSettled: () => client.invalidateQueries({ queryKey: key }) })
}

export function useApiKeyChanges(projectId: string) {
  const base = `/v1/projects/${projectId}/api-keys`
  const key = apiKeysKey(projectId)
  return {
    create: useCredentialChange(key, (body: NewApiKey) => post<IssuedApiKey>(base, body)),
    rotate: useCredentialChange(key, ({ id, overlapSeconds }: { id: string; overlapSeconds: number }) =>
      post<IssuedApiKey>(`${base}/${id}/rotate`, { overlap_seconds: overlapSeconds })),
    revoke: useCredentialChange(key, (id: string) => del<void>(`${base}/${id}`)),
  }
}

export function useOAuthClientChanges(projectId: string) {
  const base = `/v1/projects/${projectId}/clients`
  const key = clientsKey(projectId)
  return {
    create: useCredentialChange(key, (body: NewOAuthClient) => post<IssuedOAuthClient>(base, body)),
    rotate: useCredentialChange(key, ({ id, overlapSeconds }: { id: string; overlapSeconds: number }) =>
      post<IssuedOAuthClient>(`${base}/${id}/rotate-secret`, { overlap_seconds: overlapSeconds })),
    remove: useCredentialChange(key, (id: string) => del<void>(`${base}/${id}`)),
  }
}
