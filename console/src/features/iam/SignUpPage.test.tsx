// @vitest-environment jsdom
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SESSION_KEY } from '../../session/session'
import { SignUpPage } from './SignUpPage'
import { OWNER, fakeApi, problem, renderPage } from '../../test/renderPage'

afterEach(() => vi.unstubAllGlobals())

async function fill(email: string, password: string, organization: string) {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Email'), email)
  await user.type(screen.getByLabelText('Password'), password)
  await user.type(screen.getByLabelText('Organisation name'), organization)
  await user.click(screen.getByRole('button', { name: 'Create account' }))
}

describe('SignUpPage', () => {
  it('shows the password policy\'s reason next to the password', async () => {
    fakeApi(({ path }) => path === '/v1/signup'
      ? problem(400, { code: 'VALIDATION_FAILED', detail: 'The request is invalid.', errors: [{ field: 'password', message: 'must be at least 12 characters long' }] })
      : undefined)
    renderPage('/sign-up', <SignUpPage />, { session: null })

    await fill('ada@example.com', 'short', 'Ada Books')

    const password = screen.getByLabelText('Password')
    expect(password).toHaveAttribute('aria-invalid', 'true')
    expect(password).toHaveAccessibleDescription(expect.stringContaining('must be at least 12 characters long'))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows a refusal that is not about one field, such as a taken email', async () => {
    fakeApi(() => problem(409, { code: 'EMAIL_TAKEN', detail: 'An account with this email exists already.' }))
    renderPage('/sign-up', <SignUpPage />, { session: null })

    await fill('ada@example.com', 'correct horse battery staple', 'Ada Books')

    expect(screen.getByRole('alert')).toHaveTextContent('An account with this email exists already.')
  })

  it('signs the new owner in and lands on the ledgers', async () => {
    const sent = fakeApi(({ method, path }) => {
      if (method === 'POST' && path === '/v1/signup') {
        return { status: 201, body: { user: OWNER.user, organization: OWNER.organization, role: 'owner' } }
      }
      if (method === 'POST' && path === '/v1/sessions') {
        return { status: 201, body: { ...OWNER, csrf_token: 'csrf' } }
      }
      return undefined
    })
    const { client } = renderPage('/sign-up', <SignUpPage />, { session: null })

    await fill(' ada@example.com ', 'correct horse battery staple', '  Ada Books ')

    expect(await screen.findByTestId('location')).toHaveTextContent(/^\/ledgers$/)
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/signup', 'POST /v1/sessions'])
    expect(sent[0].body).toEqual({ email: 'ada@example.com', password: 'correct horse battery staple', organization_name: 'Ada Books' })
    expect(sent[1].body).toEqual({ email: 'ada@example.com', password: 'correct horse battery staple' })
    expect(client.getQueryData(SESSION_KEY)).toEqual(OWNER)
  })

  it('links to sign-in', () => {
    fakeApi(() => undefined)
    renderPage('/sign-up', <SignUpPage />, { session: null })
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in')
  })
})
