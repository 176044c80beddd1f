// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toRfc3339 } from '../../format/time'
import { LEDGER, fakeApi, json, problem, type Answer, type Call, renderLedgerPage } from '../../test/renderPage'
import { ENDPOINT, STATS } from './fixtures'
import { webhooksFeature } from './routes'
import type { WebhookEndpoint } from './types'

const PATH = `/v1/ledgers/${LEDGER.id}/webhook-endpoints/${ENDPOINT.id}`

const ATTEMPT = {
  id: 'a1', message_id: 'm1', endpoint_id: ENDPOINT.id, event_type: 'transaction.posted', attempt_number: 2,
  attempted_at: '2026-03-02T10:31:05Z', response_status: 503, error: 'HTTP 503', duration_ms: 38,
  delivery_status: 'pending',
}

/** The endpoint's API, as it stands, changed by the writes the page makes. */
function endpointApi(extra: (request: Call) => Answer | undefined = () => undefined) {
  let endpoint: WebhookEndpoint = { ...ENDPOINT }
  return fakeApi((request) => {
    const { method, path, body } = request
    const special = extra(request)
    if (special) {
      return special
    }
    if (path === PATH && method === 'GET') {
      return json(endpoint)
    }
    if (path === PATH && method === 'PATCH') {
      const change = body as Record<string, unknown>
      endpoint = { ...endpoint, ...change, ...(change.enabled === false ? { disabled_reason: 'Disabled through the API.' } : {}) }
      return json(endpoint)
    }
    if (path.startsWith(`${PATH}/stats`)) {
      return json({ ...STATS, window: new URL(path, 'http://x').searchParams.get('window') })
    }
    if (path.startsWith(`${PATH}/attempts`)) {
      return json({ data: [ATTEMPT], next_cursor: null })
    }
    return undefined
  })
}

describe('A webhook endpoint', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows its settings, statistics by window and attempts', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = endpointApi()
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`, webhooksFeature.ledgerRoutes)

    expect(await screen.findByRole('heading', { name: ENDPOINT.url })).toBeInTheDocument()
    expect(screen.getByText('Enabled')).toBeInTheDocument()
    expect(screen.getByText('Authorization: ********')).toBeInTheDocument()
    expect(await screen.findByText('75%')).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Window'), 'Last 7 days')
    await vi.waitFor(() => expect(seen.some((request) => request.path === `${PATH}/stats?window=7d`)).toBe(true))
    const attempts = await screen.findByRole('table', { name: 'Delivery attempts to this endpoint' })
    expect(within(attempts).getByText('HTTP 503')).toBeInTheDocument()
    expect(within(attempts).getByRole('link', { name: 'Details of attempt 2' }))
      .toHaveAttribute('href', `/ledgers/${LEDGER.id}/webhooks/messages/m1/attempts/a1`)
  })

  it('edits only what changed, asking for masked header values again', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = endpointApi()
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`, webhooksFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Edit' }))
    await user.clear(screen.getByLabelText('Description'))
    await user.clear(screen.getByLabelText('Header value 2'))
    await user.type(screen.getByLabelText('Header value 2'), 'globex')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(screen.getByText('Authorization: the API shows this value masked: type it again')).toBeInTheDocument()
    expect(seen.some((request) => request.method === 'PATCH')).toBe(false)

    await user.click(screen.getByRole('button', { name: 'Remove header 1' }))
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await screen.findByRole('button', { name: 'Edit' })
    expect(seen.find((request) => request.method === 'PATCH')?.body).toEqual({
      description: null, headers: { 'X-Tenant': 'globex' },
    })
  })

  it('disables only once confirmed, then can be enabled again', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = endpointApi()
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`, webhooksFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Disable' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Disable this endpoint?' })
    await user.click(within(dialog).getByRole('button', { name: 'Disable the endpoint' }))
    expect(await screen.findByText(/Disabled through the API/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Send a test event' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Enable' }))
    await screen.findByRole('button', { name: 'Disable' })
    expect(seen.filter((request) => request.method === 'PATCH').map((request) => request.body))
      .toEqual([{ enabled: false }, { enabled: true }])
  })

  it('rotates the secret after explaining the overlap, and shows the new one once', async () => {
    const user = userEvent.setup({ delay: null })
    endpointApi(({ method, path }) => method === 'POST' && path === `${PATH}/secret/rotate`
      ? json({ secret: 'whsec_bmV3IHNlY3JldCBvZiB0aGlydHktdHdvIGJ5dGVzIQ==', previous_secret_expires_at: '2026-03-03T10:30:00Z' })
      : undefined)
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`, webhooksFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Rotate the secret' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Rotate the signing secret?' })
    expect(dialog).toHaveAccessibleDescription(/For 24 hours the previous secret keeps signing too/)
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }))
    const secret = await screen.findByRole('region', { name: 'New signing secret' })
    expect(within(secret).getByLabelText('signing secret'))
      .toHaveValue('whsec_bmV3IHNlY3JldCBvZiB0aGlydHktdHdvIGJ5dGVzIQ==')
    await user.click(within(secret).getByRole('button', { name: 'I have saved it' }))
    expect(screen.queryByDisplayValue(/^whsec_/)).toBeNull()
  })

  it('sends a test event and links to its message; shows the refusal of a disabled endpoint', async () => {
    const user = userEvent.setup({ delay: null })
    let answer = json({ message_id: 'm-test', event_type: 'webhook.test' }, 202)
    endpointApi(({ method, path }) => (method === 'POST' && path === `${PATH}/test` ? answer : undefined))
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`, webhooksFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Send a test event' }))
    expect(await screen.findByRole('link', { name: 'message m-test' }))
      .toHaveAttribute('href', `/ledgers/${LEDGER.id}/webhooks/messages/m-test`)
    answer = problem(409, { detail: 'The webhook endpoint is disabled.', code: 'WEBHOOK_ENDPOINT_DISABLED' })
    await user.click(screen.getByRole('button', { name: 'Send a test event' }))
    expect(await screen.findByText('The webhook endpoint is disabled.')).toHaveAttribute('role', 'alert')
  })

  it('recovers failed messages since a time given in the browser\'s zone, as RFC 3339', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = endpointApi(({ method, path }) => method === 'POST' && path === `${PATH}/recover`
      ? json({ recovered: 3 }, 202) : undefined)
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`, webhooksFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Recover failed messages' }))
    expect(screen.getByLabelText('Received since')).toHaveAccessibleDescription('Choose the time to recover from.')
    await user.type(screen.getByLabelText('Received since'), '2026-03-02T09:30')
    await user.click(screen.getByRole('button', { name: 'Recover failed messages' }))
    expect(await screen.findByText('3 deliveries are due again.')).toBeInTheDocument()
    expect(seen.find((request) => request.path === `${PATH}/recover`)?.body)
      .toEqual({ since: toRfc3339('2026-03-02T09:30') })
  })

  it('deletes once confirmed and returns to the list', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = endpointApi(({ method, path }) => {
      if (method === 'DELETE' && path === PATH) {
        return { status: 204 }
      }
      if (path.startsWith(`/v1/ledgers/${LEDGER.id}/webhook-endpoints?`)) {
        return json({ data: [], next_cursor: null })
      }
      return undefined
    })
    const { router } = renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`, webhooksFeature.ledgerRoutes)

    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('alertdialog', { name: `Delete the endpoint ${ENDPOINT.url}?` })
    await user.click(within(dialog).getByRole('button', { name: 'Delete the endpoint' }))
    expect(await screen.findByText(/No webhook endpoints yet/)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe(`/ledgers/${LEDGER.id}/webhooks`)
    expect(seen.filter((request) => request.method === 'DELETE')).toHaveLength(1)
  })
})
