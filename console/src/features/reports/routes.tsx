import type { Feature } from '../feature'
import { ReportsPage } from './ReportsPage'

export const reportsFeature: Feature = {
  ledgerRoutes: [{ path: 'reports', element: <ReportsPage /> }],
  ledgerNav: [{ to: 'reports', label: 'Reports' }],
}
