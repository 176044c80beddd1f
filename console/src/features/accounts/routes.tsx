import { page, type Feature } from '../feature'

export const accountsFeature: Feature = {
  ledgerRoutes: [
    { path: 'accounts', lazy: page(() => import('./AccountsPage'), 'AccountsPage') },
    { path: 'accounts/:code', lazy: page(() => import('./AccountPage'), 'AccountPage') },
  ],
  ledgerNav: [{ to: 'accounts', label: 'Accounts' }],
}
