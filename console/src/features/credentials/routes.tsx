import type { Feature } from '../feature'
import { ApiKeysPage } from './ApiKeysPage'
import { OAuthClientsPage } from './OAuthClientsPage'

export const credentialsFeature: Feature = {
  shellRoutes: [
    { path: 'api-keys', element: <ApiKeysPage /> },
    { path: 'oauth-clients', element: <OAuthClientsPage /> },
  ],
  nav: [
    { to: '/api-keys', label: 'API keys', scope: 'iam:admin' },
    { to: '/oauth-clients', label: 'OAuth clients', scope: 'iam:admin' },
  ],
}
