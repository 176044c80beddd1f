import { page, type Feature } from '../feature'

export const reportsFeature: Feature = {
  ledgerRoutes: [{ path: 'reports', lazy: page(() => import('./ReportsPage'), 'ReportsPage') }],
  ledgerNav: [{ to: 'reports', label: 'Reports' }],
}
