import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from 'react-router'
import { retryRead } from './api/readAfterWrite'
import { createRouter } from './routes'
import './styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: retryRead },
  },
})

const router = createRouter()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
)
