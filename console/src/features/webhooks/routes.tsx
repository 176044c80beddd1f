import type { Feature } from '../feature'
import { AttemptPage } from './AttemptPage'
import { EndpointPage } from './EndpointPage'
import { EndpointsPage } from './EndpointsPage'
import { MessagePage } from './MessagePage'
import { MessagesPage } from './MessagesPage'
import { NewEndpointPage } from './NewEndpointPage'

export const webhooksFeature: Feature = {
  ledgerRoutes: [
    { path: 'webhooks', element: <EndpointsPage /> },
    { path: 'webhooks/new', element: <NewEndpointPage /> },
    { path: 'webhooks/endpoints/:endpointId', element: <EndpointPage /> },
    { path: 'webhooks/messages', element: <MessagesPage /> },
    { path: 'webhooks/messages/:messageId', element: <MessagePage /> },
    { path: 'webhooks/messages/:messageId/attempts/:attemptId', element: <AttemptPage /> },
  ],
  ledgerNav: [{ to: 'webhooks', label: 'Webhooks' }],
}
