import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { Navigate, RouterProvider, createBrowserRouter } from 'react-router'
import { ApiError } from './api/client'
import { AppShell } from './shell/AppShell'
import { LedgersPage } from './pages/LedgersPage'
import { NotFoundPage } from './pages/NotFoundPage'
import { SignInPage } from './pages/SignInPage'
import './styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // a refusal (4xx) will not change by asking again; a 5xx or a lost connection might
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
})

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/ledgers" replace /> },
      { path: 'ledgers', element: <LedgersPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
)
