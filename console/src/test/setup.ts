import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// a page loads with its route (features/feature.ts, page): the first render of a file waits for its module,
// which on a busy machine takes more than findBy's default second
configure({ asyncUtilTimeout: 5_000 })

afterEach(() => cleanup())
