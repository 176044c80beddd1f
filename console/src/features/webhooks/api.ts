import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, get, patch, post, withQuery } from '../../api/client'
import { useCursorPages } from '../../api/cursorPages'
import type {
  Attempt, AttemptDetail, CreatedEndpoint, Delivery, EndpointStats, MessageDetail, Recovered, RotatedSecret,
  StatsWindow, TestMessage, WebhookEndpoint, WebhookMessage,
} from './types'

const endpointsPath = (ledgerId: string) => `/v1/ledgers/${ledgerId}/webhook-endpoints`
const endpointPath = (ledgerId: string, endpointId: string) => `${endpointsPath(ledgerId)}/${endpointId}`
const messagesPath = (ledgerId: string) => `/v1/ledgers/${ledgerId}/webhook-messages`
const messagePath = (ledgerId: string, messageId: string) => `${messagesPath(ledgerId)}/${messageId}`

export const webhookKeys = {
  all: (ledgerId: string) => ['webhooks', ledgerId] as const,
  endpoints: (ledgerId: string) => ['webhooks', ledgerId, 'endpoints'] as const,
  endpoint: (ledgerId: string, endpointId: string) => ['webhooks', ledgerId, 'endpoints', endpointId] as const,
  messages: (ledgerId: string) => ['webhooks', ledgerId, 'messages'] as const,
  message: (ledgerId: string, messageId: string) => ['webhooks', ledgerId, 'messages', messageId] as const,
}

/** A ledger's endpoints, page after page (a ledger has at most a few dozen). */
export function useEndpoints(ledgerId: string) {
  return useCursorPages<WebhookEndpoint>(webhookKeys.endpoints(ledgerId),
    (cursor) => withQuery(endpointsPath(ledgerId), { limit: 200, cursor }))
}

export function useEndpoint(ledgerId: string, endpointId: string) {
  return useQuery({
    queryKey: webhookKeys.endpoint(ledgerId, endpointId),
    queryFn: () => get<WebhookEndpoint>(endpointPath(ledgerId, endpointId)),
  })
}

export function useEndpointStats(ledgerId: string, endpointId: string, window: StatsWindow) {
  return useQuery({
    queryKey: [...webhookKeys.endpoint(ledgerId, endpointId), 'stats', window],
    queryFn: () => get<EndpointStats>(withQuery(`${endpointPath(ledgerId, endpointId)}/stats`, { window })),
  })
}

export function useEndpointAttempts(ledgerId: string, endpointId: string) {
  return useCursorPages<Attempt>([...webhookKeys.endpoint(ledgerId, endpointId), 'attempts'],
    (cursor) => withQuery(`${endpointPath(ledgerId, endpointId)}/attempts`, { limit: 20, cursor }))
}

export interface MessageFilters {
  event_type?: string
  since?: string
  until?: string
}

export function useMessages(ledgerId: string, filters: MessageFilters) {
  return useCursorPages<WebhookMessage>([...webhookKeys.messages(ledgerId), 'list', filters],
    (cursor) => withQuery(messagesPath(ledgerId), { ...filters, limit: 25, cursor }))
}

export function useMessage(ledgerId: string, messageId: string) {
  return useQuery({
    queryKey: webhookKeys.message(ledgerId, messageId),
    queryFn: () => get<MessageDetail>(messagePath(ledgerId, messageId)),
  })
}

export function useMessageAttempts(ledgerId: string, messageId: string) {
  return useCursorPages<Attempt>([...webhookKeys.message(ledgerId, messageId), 'attempts'],
    (cursor) => withQuery(`${messagePath(ledgerId, messageId)}/attempts`, { limit: 50, cursor }))
}

export function useAttempt(ledgerId: string, messageId: string, attemptId: string) {
  return useQuery({
    queryKey: [...webhookKeys.message(ledgerId, messageId), 'attempts', attemptId],
    queryFn: () => get<AttemptDetail>(`${messagePath(ledgerId, messageId)}/attempts/${attemptId}`),
  })
}

/** The body of a registration or a merge patch, as the API names its fields. */
export type EndpointBody = Partial<{
  url: string
  description: string | null
  event_types: string[]
  headers: Record<string, string>
  rate_limit: number | null
  max_in_flight: number | null
  fifo: boolean
  enabled: boolean
}>

/** Refetches everything the ledger's webhooks show once a change is made. */
function useInvalidateWebhooks(ledgerId: string) {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: webhookKeys.all(ledgerId) })
}

export function useCreateEndpoint(ledgerId: string) {
  const invalidate = useInvalidateWebhooks(ledgerId)
  return useMutation({
    mutationFn: (body: EndpointBody) => post<CreatedEndpoint>(endpointsPath(ledgerId), body),
    onSuccess: invalidate,
  })
}

export function useUpdateEndpoint(ledgerId: string, endpointId: string) {
  const invalidate = useInvalidateWebhooks(ledgerId)
  return useMutation({
    mutationFn: (body: EndpointBody) => patch<WebhookEndpoint>(endpointPath(ledgerId, endpointId), body),
    onSuccess: invalidate,
  })
}

export function useEndpointActions(ledgerId: string, endpointId: string) {
  const invalidate = useInvalidateWebhooks(ledgerId)
  const path = endpointPath(ledgerId, endpointId)
  return {
    remove: () => del<void>(path),
    rotateSecret: async () => {
      const rotated = await post<RotatedSecret>(`${path}/secret/rotate`)
      await invalidate()
      return rotated
    },
    sendTest: async () => {
      const sent = await post<TestMessage>(`${path}/test`)
      await invalidate()
      return sent
    },
    recover: async (since: string, until?: string) => {
      const recovered = await post<Recovered>(`${path}/recover`, until ? { since, until } : { since })
      await invalidate()
      return recovered
    },
  }
}

export function useResend(ledgerId: string, messageId: string) {
  const invalidate = useInvalidateWebhooks(ledgerId)
  return useMutation({
    mutationFn: (endpointId: string) =>
      post<Delivery>(`${messagePath(ledgerId, messageId)}/endpoints/${endpointId}/resend`),
    onSuccess: invalidate,
  })
}
