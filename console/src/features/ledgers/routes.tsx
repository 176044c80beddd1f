import type { Feature } from '../feature'
import { LedgerOverviewPage } from './LedgerOverviewPage'
import { LedgersPage } from './LedgersPage'

export const ledgersFeature: Feature = {
  shellRoutes: [{ path: 'ledgers', element: <LedgersPage /> }],
  ledgerRoutes: [{ index: true, element: <LedgerOverviewPage /> }],
  nav: [{ to: '/ledgers', label: 'Ledgers' }],
  ledgerNav: [{ to: '', label: 'Overview' }],
}
