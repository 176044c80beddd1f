/** Where the webhooks pages of a ledger live (the feature's routes, below). */
export const webhooksPaths = {
  endpoints: (ledgerId: string) => `/ledgers/${ledgerId}/webhooks`,
  newEndpoint: (ledgerId: string) => `/ledgers/${ledgerId}/webhooks/new`,
  endpoint: (ledgerId: string, endpointId: string) => `/ledgers/${ledgerId}/webhooks/endpoints/${endpointId}`,
  messages: (ledgerId: string) => `/ledgers/${ledgerId}/webhooks/messages`,
  message: (ledgerId: string, messageId: string) => `/ledgers/${ledgerId}/webhooks/messages/${messageId}`,
  attempt: (ledgerId: string, messageId: string, attemptId: string) =>
    `/ledgers/${ledgerId}/webhooks/messages/${messageId}/attempts/${attemptId}`,
}
