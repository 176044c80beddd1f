import { page, type Feature } from '../feature'

export const ledgersFeature: Feature = {
  shellRoutes: [{ path: 'ledgers', lazy: page(() => import('./LedgersPage'), 'LedgersPage') }],
  ledgerRoutes: [{ index: true, lazy: page(() => import('./LedgerOverviewPage'), 'LedgerOverviewPage') }],
  nav: [{ to: '/ledgers', label: 'Ledgers' }],
  ledgerNav: [{ to: '', label: 'Overview' }],
}
