// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toRfc3339 } from '../../format/time'
import { LEDGER, fakeApi, json, problem, renderLedgerPage } from '../../test/renderPage'
import { ENDPOINT } from './fixtures'
import { webhooksFeature } from './routes'

const MESSAGES = `/v1/ledgers/${LEDGER.id}/webhook-messages`
const MESSAGE = {
  id: 'm1', event_type: 'transaction.posted', received_at: '2026-03-02T10:31:00Z',
  payload: { event_id: 'm1', event_type: 'transaction.posted', sequence: 42, data: { transaction_id: 't-42' } },
}
const FAILED = {
  id: 'a1', message_id: 'm1', endpoint_id: ENDPOINT.id, event_type: 'transaction.posted', attempt_number: 1,
  attempted_at: '2026-03-02T10:31:00.150Z', response_status: 503, error: 'HTTP 503', duration_ms: 38,
  delivery_status: 'failed',
}
const endpoints = () => json({ data: [ENDPOINT], next_cursor: null })

describe('The delivery log', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('filters by family and received time, keeping the filters in the address, and pages', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = fakeApi(({ path }) => {
      const query = new URL(path, 'http://x').searchParams
      if (!path.startsWith(`${MESSAGES}?`)) {
        return undefined
      }
      if (query.get('cursor') === 'page-2') {
        return json({ data: [{ ...MESSAGE, id: 'm0', event_type: 'account.created', payload: { data: { code: 'cash' } } }], next_cursor: null })
      }
      return json({ data: [MESSAGE], next_cursor: 'page-2' })
    })
    const { router } = renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/messages`, webhooksFeature.ledgerRoutes)

    const table = await screen.findByRole('table', { name: 'Webhook messages of Main' })
    expect(within(table).getByText('transaction_id t-42')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Load more' }))
    expect(await within(table).findByText('code cash')).toBeInTheDocument()

    await user.selectOptions(screen.getByLabelText('Event type'), 'transaction.*')
    await user.type(screen.getByLabelText('Received since'), '2026-03-02T09:00')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    const since = toRfc3339('2026-03-02T09:00') as string
    await vi.waitFor(() => expect(seen.at(-1)?.path)
      .toBe(`${MESSAGES}?event_type=transaction.*&since=${encodeURIComponent(since)}&limit=25`))
    expect(new URLSearchParams(router.state.location.search).get('event_type')).toBe('transaction.*')
    expect(screen.getByLabelText('Received since')).toHaveValue('2026-03-02T09:00')
  })

  it('refuses a range that ends before it starts, and shows the API\'s field problems', async () => {
    const user = userEvent.setup({ delay: null })
    fakeApi(({ path }) => {
      if (path.includes('until=')) {
        return problem(400, { detail: 'The request is not valid.', errors: [{ field: 'until', message: 'must be after since' }] })
      }
      return path.startsWith(MESSAGES) ? json({ data: [], next_cursor: null }) : undefined
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/messages`, webhooksFeature.ledgerRoutes)

    expect(await screen.findByText(/No messages yet/)).toBeInTheDocument()
    await user.type(screen.getByLabelText('Received since'), '2026-03-02T09:00')
    await user.type(screen.getByLabelText('Received before'), '2026-03-01T09:00')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    expect(screen.getByLabelText('Received before')).toHaveAccessibleDescription('Must not be before "Received since".')

    await user.clear(screen.getByLabelText('Received since'))
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The request is not valid.')
    expect(screen.getByLabelText('Received before')).toHaveAccessibleDescription('must be after since')
  })

  it('shows a message\'s deliveries per endpoint and resends to one', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = fakeApi(({ method, path }) => {
      if (path === `${MESSAGES}/m1`) {
        return json({ ...MESSAGE, deliveries: [{ endpoint_id: ENDPOINT.id, status: 'failed', attempts: 8,
          next_attempt_at: null, last_attempt_at: '2026-03-02T10:31:00Z' }] })
      }
      if (path.startsWith(`${MESSAGES}/m1/attempts`)) {
        return json({ data: [FAILED], next_cursor: null })
      }
      if (path.startsWith(`/v1/ledgers/${LEDGER.id}/webhook-endpoints?`)) {
        return endpoints()
      }
      if (method === 'POST' && path === `${MESSAGES}/m1/endpoints/${ENDPOINT.id}/resend`) {
        return json({ endpoint_id: ENDPOINT.id, status: 'pending', attempts: 8, next_attempt_at: '2026-03-02T11:00:00Z',
          last_attempt_at: '2026-03-02T10:31:00Z' }, 202)
      }
      return undefined
    })
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/messages/m1`, webhooksFeature.ledgerRoutes)

    expect(await screen.findByRole('heading', { name: 'transaction.posted' })).toBeInTheDocument()
    const deliveries = screen.getByRole('table', { name: 'Deliveries of this message, one per endpoint' })
    expect(await within(deliveries).findByRole('link', { name: ENDPOINT.url })).toBeInTheDocument()
    expect(within(deliveries).getByText('Failed')).toBeInTheDocument()
    await user.click(within(deliveries).getByRole('button', { name: `Resend to ${ENDPOINT.url}` }))
    expect(await within(deliveries).findByText(/Due again now/)).toBeInTheDocument()
    expect(seen.filter((request) => request.method === 'POST').map((request) => request.path))
      .toEqual([`${MESSAGES}/m1/endpoints/${ENDPOINT.id}/resend`])
    expect(screen.getByLabelText('Event envelope')).toHaveTextContent('"transaction_id": "t-42"')
  })

  it('shows an attempt whole: the request sent and the answer', async () => {
    fakeApi(({ path }) => path === `${MESSAGES}/m1/attempts/a1` ? json({
      id: 'a1', message_id: 'm1', endpoint_id: ENDPOINT.id, attempt_number: 1, attempted_at: FAILED.attempted_at,
      duration_ms: 38, error: 'HTTP 503',
      request: { method: 'POST', url: ENDPOINT.url, headers: { 'webhook-id': 'm1', authorization: '********' },
        body: '{"type":"transaction.posted"}' },
      response: { status: 503, headers: { 'retry-after': ['5'] }, body: 'upstream busy', truncated: false },
    }) : undefined)
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/messages/m1/attempts/a1`, webhooksFeature.ledgerRoutes)

    expect(await screen.findByRole('heading', { name: 'Attempt 1' })).toBeInTheDocument()
    expect(screen.getByText(`POST ${ENDPOINT.url}`)).toBeInTheDocument()
    const request = screen.getByRole('table', { name: 'Request headers' })
    expect(within(request).getByRole('row', { name: 'authorization ********' })).toBeInTheDocument()
    expect(screen.getByLabelText('Request body')).toHaveTextContent('{"type":"transaction.posted"}')
    expect(within(screen.getByRole('table', { name: 'Response headers' })).getByRole('row', { name: 'retry-after 5' }))
      .toBeInTheDocument()
    expect(screen.getByLabelText('Response body')).toHaveTextContent('upstream busy')
    expect(screen.getByText('38 ms')).toBeInTheDocument()
  })

  it('says what the API answered when a message cannot be read', async () => {
    fakeApi(({ path }) => path === `${MESSAGES}/nope`
      ? problem(404, { detail: 'No webhook message nope in this ledger.', code: 'WEBHOOK_MESSAGE_NOT_FOUND' }) : undefined)
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/messages/nope`, webhooksFeature.ledgerRoutes)
    expect(await screen.findByRole('alert')).toHaveTextContent('No webhook message nope in this ledger.')
  })
})
