// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LEDGER, fakeApi, json, problem, renderLedgerPage } from '../../test/renderPage'
import { ENDPOINT, STATS } from './fixtures'
import { webhooksFeature } from './routes'

const ENDPOINTS = `/v1/ledgers/${LEDGER.id}/webhook-endpoints`

describe('Register a webhook endpoint', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals())

  it('registers with the chosen settings and shows the signing secret once', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = fakeApi(({ method, path }) => {
      if (method === 'POST' && path === ENDPOINTS) {
        return json({ ...ENDPOINT, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3Ls2dcWfcyE=' }, 201)
      }
      if (path.startsWith(`${ENDPOINTS}/${ENDPOINT.id}/stats`)) {
        return json(STATS)
      }
      if (path.startsWith(`${ENDPOINTS}/${ENDPOINT.id}/attempts`)) {
        return json({ data: [], next_cursor: null })
      }
      if (path === `${ENDPOINTS}/${ENDPOINT.id}`) {
        return json(ENDPOINT)
      }
      return undefined
    })
    const { router } = renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/new`, webhooksFeature.ledgerRoutes)

    await screen.findByRole('heading', { name: 'Register a webhook endpoint' })
    await user.type(screen.getByLabelText('URL'), 'https://hooks.example.com/laas')
    await user.type(screen.getByLabelText('Description'), 'orders')
    await user.click(screen.getByRole('checkbox', { name: 'transaction.*' }))
    expect(screen.getByRole('checkbox', { name: 'transaction.posted' })).toBeDisabled()
    await user.click(screen.getByRole('checkbox', { name: 'account.created' }))
    await user.click(screen.getByRole('button', { name: 'Add a header' }))
    await user.type(screen.getByLabelText('Header name 1'), 'X-Tenant')
    await user.type(screen.getByLabelText('Header value 1'), 'acme')
    await user.type(screen.getByLabelText('Max in flight'), '4')
    await user.click(screen.getByRole('checkbox', { name: /Strict order/ }))
    await user.click(screen.getByRole('button', { name: 'Register the endpoint' }))

    const secret = await screen.findByRole('region', { name: 'New signing secret' })
    expect(within(secret).getByLabelText('signing secret')).toHaveValue('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3Ls2dcWfcyE=')
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({
      url: 'https://hooks.example.com/laas', description: 'orders', event_types: ['transaction.*', 'account.created'],
      headers: { 'X-Tenant': 'acme' }, max_in_flight: 4, fifo: true,
    })

    await user.click(within(secret).getByRole('button', { name: 'I have saved it' }))
    // the endpoint's page, which loads with its route
    await screen.findByRole('heading', { name: ENDPOINT.url })
    expect(router.state.location.pathname).toBe(`/ledgers/${LEDGER.id}/webhooks/endpoints/${ENDPOINT.id}`)
    expect(screen.queryByDisplayValue(/^whsec_/)).toBeNull()
  })

  it('shows the refusal of a URL that is not allowed, and the field problems next to their inputs', async () => {
    const user = userEvent.setup({ delay: null })
    let answer = problem(422, { detail: 'The webhook URL is not allowed.', code: 'WEBHOOK_URL_NOT_ALLOWED' })
    const seen = fakeApi(({ method }) => (method === 'POST' ? answer : undefined))
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/new`, webhooksFeature.ledgerRoutes)

    await user.type(await screen.findByLabelText('URL'), 'http://10.0.0.8/hooks')
    await user.click(screen.getByRole('button', { name: 'Register the endpoint' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The webhook URL is not allowed.')
    expect(screen.getByLabelText('URL')).toHaveAccessibleDescription('The webhook URL is not allowed.')
    expect(screen.getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true')

    answer = problem(400, { detail: 'The request is not valid.',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'headers.Host', message: 'is set by the webhook service and cannot be replaced' },
        { field: 'rate_limit', message: 'must be a whole number from 1 to 2147483647, or null' }],
    })
    await user.click(screen.getByRole('button', { name: 'Add a header' }))
    await user.type(screen.getByLabelText('Header name 1'), 'Host')
    await user.type(screen.getByLabelText('Header value 1'), 'evil')
    await user.click(screen.getByRole('button', { name: 'Register the endpoint' }))
    expect(await screen.findByText('Host: is set by the webhook service and cannot be replaced')).toBeInTheDocument()
    expect(screen.getByLabelText('Header name 1')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Rate limit (requests per second)')).toHaveAccessibleDescription(
      'must be a whole number from 1 to 2147483647, or null')
    expect(seen.filter((request) => request.method === 'POST')).toHaveLength(2)
  })

  it('refuses a rate limit that is not a whole number without asking the API', async () => {
    const user = userEvent.setup({ delay: null })
    const seen = fakeApi(() => undefined)
    renderLedgerPage(`/ledgers/${LEDGER.id}/webhooks/new`, webhooksFeature.ledgerRoutes)

    await user.type(await screen.findByLabelText('URL'), 'https://hooks.example.com/a')
    await user.type(screen.getByLabelText('Rate limit (requests per second)'), '1.5')
    await user.click(screen.getByRole('button', { name: 'Register the endpoint' }))
    expect(screen.getByLabelText('Rate limit (requests per second)')).toHaveAccessibleDescription(
      'must be a whole number of at least 1, or empty')
    expect(seen.filter((request) => request.method === 'POST')).toHaveLength(0)
  })
})
