// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MembersPage } from './MembersPage'
import { OWNER, fakeApi, problem, renderPage } from '../../test/renderPage'
import type { Invitation, Member } from './types'

afterEach(() => vi.unstubAllGlobals())

const ada: Member = { user_id: OWNER.user.id, email: OWNER.user.email, role: 'owner', joined_at: '2026-03-02T11:00:00Z' }
const grace: Member = { user_id: 'u-grace', email: 'grace@example.com', role: 'developer', joined_at: '2026-03-03T11:00:00Z' }
const pending: Invitation = { id: 'i-1', email: 'linus@example.com', role: 'developer', status: 'pending', expires_at: '2026-03-09T11:00:00Z' }
const accepted: Invitation = { ...pending, id: 'i-0', email: 'old@example.com', status: 'accepted' }

function membersApi(overrides: (method: string, path: string) => ReturnType<typeof problem> | undefined = () => undefined) {
  return fakeApi(({ method, path, body }) => {
    const refusal = overrides(method, path)
    if (refusal) {
      return refusal
    }
    if (method === 'GET' && path === '/v1/organizations/current/members') {
      return { status: 200, body: { data: [ada, grace] } }
    }
    if (method === 'GET' && path === '/v1/organizations/current/invitations') {
      return { status: 200, body: { data: [pending, accepted] } }
    }
    if (method === 'PATCH') {
      return { status: 200, body: { ...grace, ...(body as object) } }
    }
    if (method === 'POST' && path === '/v1/organizations/current/invitations') {
      return { status: 201, body: { ...pending, id: 'i-2', ...(body as object), token: 'tok_123', accept_path: '/v1/invitations/tok_123/accept' } }
    }
    if (method === 'DELETE') {
      return { status: 204 }
    }
    return undefined
  })
}

describe('MembersPage', () => {
  it('lists the members with their roles and changes a role', async () => {
    const user = userEvent.setup()
    const sent = membersApi()
    renderPage('/members', <MembersPage />)

    const row = await screen.findByRole('row', { name: /grace@example.com/ })
    const role = within(row).getByLabelText('Role of grace@example.com')
    expect(role).toHaveValue('developer')
    expect(within(row).getByRole('button', { name: 'Change role' })).toBeDisabled()
    await user.selectOptions(role, 'owner')
    await user.click(within(row).getByRole('button', { name: 'Change role' }))

    expect(sent.find((r) => r.method === 'PATCH')).toEqual({
      method: 'PATCH', path: '/v1/organizations/current/members/u-grace', body: { role: 'owner' } })
    expect(screen.getByRole('row', { name: /ada@example.com \(you\)/ })).toBeInTheDocument()
  })

  it('shows why the last owner keeps their role', async () => {
    const user = userEvent.setup()
    membersApi((method) => method === 'PATCH' ? problem(409, { code: 'LAST_OWNER', detail: 'The organisation must keep at least one owner.' }) : undefined)
    renderPage('/members', <MembersPage />)

    const row = await screen.findByRole('row', { name: /ada@example.com/ })
    await user.selectOptions(within(row).getByLabelText('Role of ada@example.com'), 'developer')
    await user.click(within(row).getByRole('button', { name: 'Change role' }))
    expect(await within(row).findByRole('alert')).toHaveTextContent('The organisation must keep at least one owner.')
  })

  it('removes a member once confirmed', async () => {
    const user = userEvent.setup()
    const sent = membersApi()
    renderPage('/members', <MembersPage />)

    const row = await screen.findByRole('row', { name: /grace@example.com/ })
    await user.click(within(row).getByRole('button', { name: 'Remove' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Remove grace@example.com from the organisation?' })
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }))
    expect(sent.find((r) => r.method === 'DELETE')?.path).toBe('/v1/organizations/current/members/u-grace')
  })

  it('invites someone and shows the link once, with the console\'s acceptance page', async () => {
    const user = userEvent.setup()
    const sent = membersApi()
    renderPage('/members', <MembersPage />)

    const form = await screen.findByRole('form', { name: 'Invite someone' })
    await user.type(within(form).getByLabelText('Email'), 'linus@example.com')
    await user.selectOptions(within(form).getByLabelText('Role'), 'owner')
    await user.click(within(form).getByRole('button', { name: 'Invite' }))

    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ email: 'linus@example.com', role: 'owner' })
    expect(await screen.findByLabelText('invitation link')).toHaveValue(`${window.location.origin}/invitations/tok_123`)
    await user.click(screen.getByRole('button', { name: 'I have saved it' }))
    expect(screen.queryByLabelText('invitation link')).toBeNull()
    expect(screen.getByRole('form', { name: 'Invite someone' })).toBeInTheDocument()
  })

  it('shows an invitation refusal, lists only pending invitations and revokes one once confirmed', async () => {
    const user = userEvent.setup()
    const sent = membersApi((method) => method === 'POST'
      ? problem(409, { code: 'INVITATION_PENDING', detail: 'linus@example.com has a pending invitation: revoke it to invite again.' }) : undefined)
    renderPage('/members', <MembersPage />)

    const table = await screen.findByRole('table', { name: 'Pending invitations' })
    expect(within(table).getByRole('row', { name: /linus@example.com/ })).toBeInTheDocument()
    expect(within(table).queryByText('old@example.com')).toBeNull()

    const form = screen.getByRole('form', { name: 'Invite someone' })
    await user.type(within(form).getByLabelText('Email'), 'linus@example.com')
    await user.click(within(form).getByRole('button', { name: 'Invite' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('has a pending invitation')

    await user.click(within(table).getByRole('button', { name: 'Revoke' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke' }))
    expect(sent.find((r) => r.method === 'DELETE')?.path).toBe('/v1/organizations/current/invitations/i-1')
  })
})
