// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LEDGER, fakeApi, json, problem, renderLedgerPage } from '../../test/renderPage'
import { ENDPOINT, STATS } from './fixtures'
import { webhooksFeature } from './routes'

const ENDPOINTS = `/v1/ledgers/${LEDGER.id}/webhook-endpoints`

describe('The webhook endpoints', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('lists each endpoint with its state, subscription and last 24 hours', async () => {
    const failing = { ...ENDPOINT, id: 'e2', url: 'https://b.example.com/x', event_types: [], description: null,
      failing_since: '2026-03-02T09:00:00Z' }
    const disabled = { ...ENDPOINT, id: 'e3', url: 'https://c.example.com/x', enabled: false,
      disabled_reason: 'The endpoint answered 410 Gone.', disabled_at: '2026-03-02T09:30:00Z' }
    fakeApi(({ path }) => {
      if (path.startsWith(`${ENDPOINTS}?`)) {
        return json({ data: [ENDPOINT, failing, disabled], next_cursor: null })
      }
      if (path === `${ENDPOINTS}/${ENDPOINT.id}/stats?window=24h`) {
        return json(STATS)
      }
      if (path.endsWith('/stats?window=24h')) {
        return json({ ...STATS, attempts: 0, succeeded: 0, failed: 0, success_rate: null, queue: { pending: 0, due: 0, in_flight: 0 } })
      }
      return undefined
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks`, webhooksFeature.ledgerRoutes)

    const table = await screen.findByRole('table', { name: 'Webhook endpoints of Main' })
    const [, first, second, third] = within(table).getAllByRole('row')
    expect(within(first).getByRole('link', { name: ENDPOINT.url }))
      .toHaveAttribute('href', `/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`)
    expect(first).toHaveTextContent('Enabled')
    expect(first).toHaveTextContent('transaction.*')
    expect(await within(first).findByText(/8 attempts · 75% ok/)).toHaveTextContent('1 pending')
    expect(second).toHaveTextContent(/Failing since/)
    expect(second).toHaveTextContent('every event type')
    expect(await within(second).findByText('No attempts')).toBeInTheDocument()
    expect(third).toHaveTextContent(/Disabled since .*: The endpoint answered 410 Gone\./)
    expect(screen.getByRole('link', { name: 'Register an endpoint' }))
      .toHaveAttribute('href', `/ledgers/${LEDGER.id}/webhooks/new`)
  })

  it('says so when there are none', async () => {
    fakeApi(({ path }) => (path.startsWith(`${ENDPOINTS}?`) ? json({ data: [], next_cursor: null }) : undefined))
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks`, webhooksFeature.ledgerRoutes)
    expect(await screen.findByText(/No webhook endpoints yet/)).toBeInTheDocument()
  })

  it('shows why the list cannot be read', async () => {
    fakeApi(({ path }) => (path.startsWith(`${ENDPOINTS}?`)
      ? problem(403, { detail: 'The session does not grant webhooks:read.', code: 'FORBIDDEN' }) : undefined))
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks`, webhooksFeature.ledgerRoutes)
    expect(await screen.findByRole('alert')).toHaveTextContent('The session does not grant webhooks:read.')
  })
})
