// @vitest-environment jsdom
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useSession } from '../../session/session'
import { SignOutEverywhere } from './SignOutEverywhere'
import { fakeApi, problem, renderPage } from '../../test/renderPage'

afterEach(() => vi.unstubAllGlobals())

/** As the shell does: whoever reads the session elsewhere on the page learns at once that it has ended. */
function Shell() {
  const session = useSession()
  return (
    <>
      <p>{session.data ? `Signed in as ${session.data.user.email}` : 'Signed out'}</p>
      <SignOutEverywhere />
    </>
  )
}

describe('SignOutEverywhere', () => {
  it('ends every session once confirmed, and the page knows it is signed out', async () => {
    const user = userEvent.setup()
    const sent = fakeApi(() => ({ status: 204 }))
    renderPage('/', <Shell />)
    expect(screen.getByText('Signed in as ada@example.com')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Sign out of every session?' })
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining('every device'))
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }))

    expect(await screen.findByText('Signed out')).toBeInTheDocument()
    expect(sent).toEqual([{ method: 'DELETE', path: '/v1/sessions', body: undefined }])
  })

  it('does nothing when cancelled, and shows a refusal', async () => {
    const user = userEvent.setup()
    const sent = fakeApi(() => problem(403, { code: 'CSRF_TOKEN_INVALID', detail: 'A request signed in by the session cookie needs the session\'s CSRF token.' }))
    renderPage('/', <Shell />)

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }))
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(sent).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Sign out everywhere' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('CSRF token')
    expect(screen.getByText('Signed in as ada@example.com')).toBeInTheDocument()
  })
})
