import { Navigate, createBrowserRouter, type RouteObject } from 'react-router'
import { FEATURES } from './features'
import { LedgerLayout } from './shell/LedgerLayout'
import { AppShell } from './shell/AppShell'
import { Loading } from './shell/States'
import { NotFoundPage } from './pages/NotFoundPage'
import { SignInPage } from './pages/SignInPage'

const routesOf = (pick: (feature: (typeof FEATURES)[number]) => RouteObject[] | undefined) =>
  FEATURES.flatMap((feature) => pick(feature) ?? [])

// pages load with their route (features/feature.ts, page): until the first one has, the loading state
export const routes: RouteObject[] = [{ hydrateFallbackElement: <Loading what="the page" />, children: [
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
] }]

export const createRouter = () => createBrowserRouter(routes)
