import { Navigate, createBrowserRouter, type RouteObject } from 'react-router'
import { FEATURES } from './features'
import { LedgerLayout } from './shell/LedgerLayout'
import { AppShell } from './shell/AppShell'
import { NotFoundPage } from './pages/NotFoundPage'
import { SignInPage } from './pages/SignInPage'

const routesOf = (pick: (feature: (typeof FEATURES)[number]) => RouteObject[] | undefined) =>
  FEATURES.flatMap((feature) => pick(feature) ?? [])

export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  ...routesOf((feature) => feature.publicRoutes),
  {
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/ledgers" replace /> },
      ...routesOf((feature) => feature.shellRoutes),
      { path: 'ledgers/:ledgerId', element: <LedgerLayout />, children: routesOf((feature) => feature.ledgerRoutes) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]

export const createRouter = () => createBrowserRouter(routes)
