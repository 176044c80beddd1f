import { NavLink, Navigate, Outlet, useLocation } from 'react-router'
import { ErrorMessage, Loading } from './States'
import { useSession, useSignOut } from '../session/session'

const SECTIONS = [
  { to: '/ledgers', label: 'Ledgers' },
]

/** Navigation, the organisation and project switcher, and the signed-in person; pages render in the outlet. */
export function AppShell() {
  const session = useSession()
  const signOut = useSignOut()
  const location = useLocation()

  if (session.isPending) {
    return <Loading what="your session" />
  }
  if (session.isError) {
    return <main><ErrorMessage error={session.error} /></main>
  }
  if (!session.data) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />
  }
  const { user, organization, role } = session.data
  return (
    <div className="shell">
      <header className="topbar">
        <a className="skip" href="#content">Skip to content</a>
        <span className="brand">LaaS</span>
        <label className="switcher">
          Organisation
          {/* one organisation per session for now: switching signs in again with organization_id */}
          <select value={organization.id} disabled aria-describedby="switcher-note">
            <option value={organization.id}>{organization.name}</option>
          </select>
        </label>
        <span id="switcher-note" className="note">Projects: all</span>
        <span className="person">{user.email} ({role})</span>
        <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>Sign out</button>
      </header>
      <nav aria-label="Sections" className="sidebar">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}><NavLink to={section.to}>{section.label}</NavLink></li>
          ))}
        </ul>
      </nav>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  )
}
