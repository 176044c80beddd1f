import type { Feature } from '../feature'
import { LedgersPage } from './LedgersPage'

export const ledgersFeature: Feature = {
  shellRoutes: [{ path: 'ledgers', element: <LedgersPage /> }],
  nav: [{ to: '/ledgers', label: 'Ledgers' }],
}
