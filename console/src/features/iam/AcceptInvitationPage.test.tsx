// @vitest-environment jsdom
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AcceptInvitationPage } from './AcceptInvitationPage'
import { DEVELOPER, OWNER, fakeApi, problem, renderPage } from '../../test/renderPage'

afterEach(() => vi.unstubAllGlobals())

const accepted = { user: { id: 'u-grace', email: 'grace@example.com' }, organization_id: 'org-2', role: 'developer', new_account: true }
const page = { path: '/invitations/tok_123', route: '/invitations/:token' }

describe('AcceptInvitationPage', () => {
  it('accepts with a password, then signs in to the organisation that invited', async () => {
    const user = userEvent.setup()
    const sent = fakeApi(({ path }) => path === '/v1/invitations/tok_123/accept'
      ? { status: 200, body: accepted }
      : { status: 201, body: { ...DEVELOPER, csrf_token: 'c' } })
    renderPage(page.path, <AcceptInvitationPage />, { ...page, session: null })

    await user.type(await screen.findByLabelText('Password'), 'correct horse battery staple')
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }))

    expect(await screen.findByTestId('location')).toHaveTextContent(/^\/ledgers$/)
    expect(sent.map((r) => [r.path, r.body])).toEqual([
      ['/v1/invitations/tok_123/accept', { password: 'correct horse battery staple' }],
      ['/v1/sessions', { email: 'grace@example.com', password: 'correct horse battery staple', organization_id: 'org-2' }],
    ])
  })

  it('shows the password policy next to the password and an expired invitation as an alert', async () => {
    const user = userEvent.setup()
    let attempt = 0
    fakeApi(() => {
      attempt += 1
      return attempt === 1
        ? problem(400, { code: 'VALIDATION_FAILED', detail: 'The request is invalid.', errors: [{ field: 'password', message: 'is one of the most common passwords' }] })
        : problem(410, { code: 'INVITATION_EXPIRED', detail: 'The invitation has expired: ask for a new one.' })
    })
    renderPage(page.path, <AcceptInvitationPage />, { ...page, session: null })

    await user.type(await screen.findByLabelText('Password'), 'password1234')
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }))
    expect(await screen.findByText('is one of the most common passwords')).toBeInTheDocument()
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true')

    await user.click(screen.getByRole('button', { name: 'Accept invitation' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The invitation has expired: ask for a new one.')
  })

  it('lets a signed-in person accept as themselves and moves their session to the organisation', async () => {
    const user = userEvent.setup()
    const sent = fakeApi(({ path }) => path === '/v1/invitations/tok_123/accept'
      ? { status: 200, body: { ...accepted, user: OWNER.user, new_account: false } }
      : { status: 201, body: { ...OWNER, organization: { id: 'org-2', name: 'Grace Labs' }, csrf_token: 'c' } })
    renderPage(page.path, <AcceptInvitationPage />, page)

    await user.click(await screen.findByRole('button', { name: 'Accept as ada@example.com' }))

    expect(await screen.findByTestId('location')).toHaveTextContent(/^\/ledgers$/)
    expect(sent.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1/invitations/tok_123/accept', {}],
      ['POST', '/v1/sessions/current/organization', { organization_id: 'org-2' }],
    ])
  })
})
