import { page, type Feature } from '../feature'

export const credentialsFeature: Feature = {
  shellRoutes: [
    { path: 'api-keys', lazy: page(() => import('./ApiKeysPage'), 'ApiKeysPage') },
    { path: 'oauth-clients', lazy: page(() => import('./OAuthClientsPage'), 'OAuthClientsPage') },
  ],
  nav: [
    { to: '/api-keys', label: 'API keys', scope: 'iam:admin' },
    { to: '/oauth-clients', label: 'OAuth clients', scope: 'iam:admin' },
  ],
}
