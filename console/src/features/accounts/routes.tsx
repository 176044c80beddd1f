import type { Feature } from '../feature'
import { AccountPage } from './AccountPage'
import { AccountsPage } from './AccountsPage'

export const accountsFeature: Feature = {
  ledgerRoutes: [
    { path: 'accounts', element: <AccountsPage /> },
    { path: 'accounts/:code', element: <AccountPage /> },
  ],
  ledgerNav: [{ to: 'accounts', label: 'Accounts' }],
}
