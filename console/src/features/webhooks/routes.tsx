import { page, type Feature } from '../feature'

export const webhooksFeature: Feature = {
  ledgerRoutes: [
    { path: 'webhooks', lazy: page(() => import('./EndpointsPage'), 'EndpointsPage') },
    { path: 'webhooks/new', lazy: page(() => import('./NewEndpointPage'), 'NewEndpointPage') },
    { path: 'webhooks/endpoints/:endpointId', lazy: page(() => import('./EndpointPage'), 'EndpointPage') },
    { path: 'webhooks/messages', lazy: page(() => import('./MessagesPage'), 'MessagesPage') },
    { path: 'webhooks/messages/:messageId', lazy: page(() => import('./MessagePage'), 'MessagePage') },
    { path: 'webhooks/messages/:messageId/attempts/:attemptId', lazy: page(() => import('./AttemptPage'), 'AttemptPage') },
  ],
  ledgerNav: [{ to: 'webhooks', label: 'Webhooks' }],
}
