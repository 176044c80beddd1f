/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// In development (npm run dev) the API is proxied to a gateway (LAAS_GATEWAY, default the local stack's), so
// the console and the API share one origin, as when the gateway serves the console: the session cookie and
// the CSRF check work unchanged (the Host header is kept, so the gateway sees the console's own origin).
const gateway = process.env.LAAS_GATEWAY ?? 'http://localhost:8080'

export default defineConfig({
  plugins: [react()],
  build: {
    // one stylesheet for the whole console, loaded at once: pages load with their route, their styles do not
    cssCodeSplit: false,
  },
  server: {
    proxy: {
      '/v1': gateway,
      '/oauth': gateway,
      '/.well-known': gateway,
    },
  },
  test: {
    // component tests (*.test.tsx) render in jsdom; the rest run in Node
    setupFiles: ['./src/test/setup.ts'],
    environment: 'node',
  },
})
