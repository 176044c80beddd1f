// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AuditLogPage } from './AuditLogPage'
import { fakeApi, problem, renderPage } from '../../test/renderPage'
import type { AuditEvent } from './types'

afterEach(() => vi.unstubAllGlobals())

const event = (id: string, action: string): AuditEvent => ({
  id, action, occurred_at: '2026-03-02T11:05:00.000100Z', organization_id: 'org-1',
  actor: { type: 'person', id: 'u-ada', display: 'ada@example.com' },
  target: { type: 'member', id: 'u-grace' },
  source: { ip: '203.0.113.7', user_agent: 'Chromium', request_id: `req-${id}` },
  before: { role: 'developer' }, after: { role: 'owner' }, service: 'iam-service',
})

describe('AuditLogPage', () => {
  it('reads the log page after page and shows an event\'s details', async () => {
    const user = userEvent.setup()
    const sent = fakeApi(({ path }) => path.includes('cursor=c2')
      ? { status: 200, body: { data: [event('e2', 'project.created')], next_cursor: null } }
      : { status: 200, body: { data: [event('e1', 'member.role_changed')], next_cursor: 'c2' } })
    renderPage('/audit-log', <AuditLogPage />)

    const first = await screen.findByRole('row', { name: /member.role_changed/ })
    expect(within(first).getByText('ada@example.com', { exact: false })).toBeInTheDocument()
    await user.click(within(first).getByText('Details'))
    expect(within(first).getByText(/"role": "owner"/)).toBeVisible()
    expect(within(first).getByText('req-e1')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Load more' }))
    expect(await screen.findByRole('row', { name: /project.created/ })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()
    expect(sent.map((r) => r.path)).toEqual([
      '/v1/organizations/current/audit-events',
      '/v1/organizations/current/audit-events?cursor=c2',
    ])
  })

  it('filters with the API\'s names, times in RFC 3339, empty filters left out', async () => {
    const user = userEvent.setup()
    const sent = fakeApi(() => ({ status: 200, body: { data: [], next_cursor: null } }))
    renderPage('/audit-log', <AuditLogPage />)

    expect(await screen.findByText('No audit events match these filters.')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Action'), ' member. ')
    await user.type(screen.getByLabelText('From'), '2026-03-02T11:30')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))

    await vi.waitFor(() => expect(sent).toHaveLength(2))
    const query = new URL(sent[1].path, 'http://x').searchParams
    expect(query.get('action')).toBe('member.')
    expect(query.get('from')).toMatch(/^2026-03-02T11:30:00[+-]\d{2}:\d{2}$/)
    expect([...query.keys()].sort()).toEqual(['action', 'from'])
  })

  it('shows a refused filter next to its input', async () => {
    const user = userEvent.setup()
    fakeApi(({ path }) => path.includes('action=')
      ? problem(400, { code: 'VALIDATION_FAILED', detail: 'The query is invalid.', errors: [{ field: 'action', message: 'is not a known action or family' }] })
      : { status: 200, body: { data: [], next_cursor: null } })
    renderPage('/audit-log', <AuditLogPage />)

    await user.type(await screen.findByLabelText('Action'), 'nonsense')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    expect(await screen.findByText('is not a known action or family')).toBeInTheDocument()
    expect(screen.getByLabelText('Action')).toHaveAttribute('aria-invalid', 'true')
  })
})
