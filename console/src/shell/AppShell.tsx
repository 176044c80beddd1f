import { useCallback, useMemo, useState } from 'react'
import { NavLink, Navigate, Outlet, useLocation } from 'react-router'
import { NAV } from '../features'
import { OrganizationSwitcher } from '../features/iam/OrganizationSwitcher'
import { ProjectSwitcher } from '../features/iam/ProjectSwitcher'
import { SignOutEverywhere } from '../features/iam/SignOutEverywhere'
import { ErrorMessage, Loading } from './States'
import { SignedInContext, projectStorageKey, type SignedIn } from './signedIn'
import { useSession, useSignOut } from '../session/session'

function storedProject(organizationId: string): string | null {
  try {
    return localStorage.getItem(projectStorageKey(organizationId))
  } catch {
    return null
  }
}

/** Navigation, the organisation and project switcher, and the signed-in person; pages render in the outlet. */
export function AppShell() {
  const session = useSession()
  const signOut = useSignOut()
  const location = useLocation()
  const organizationId = session.data?.organization.id
  const [chosen, setChosen] = useState<{ organizationId: string; projectId: string | null } | null>(null)

  // only owners can list projects, hence choose one (features/iam/ProjectSwitcher): a choice kept from a
  // time as owner must not narrow a developer's pages with no way to undo it
  const choosesProject = session.data?.scopes.includes('iam:admin') ?? false
  const projectId = organizationId && choosesProject
    ? chosen?.organizationId === organizationId ? chosen.projectId : storedProject(organizationId)
    : null
  const selectProject = useCallback((next: string | null) => {
    if (!organizationId) {
      return
    }
    try {
      if (next) {
        localStorage.setItem(projectStorageKey(organizationId), next)
      } else {
        localStorage.removeItem(projectStorageKey(organizationId))
      }
    } catch {
      // private browsing: the choice lasts as long as the page
    }
    setChosen({ organizationId, projectId: next })
  }, [organizationId])
  const signedIn = useMemo<SignedIn | null>(
    () => session.data ? { session: session.data, projectId, selectProject } : null,
    [session.data, projectId, selectProject])

  if (session.isPending) {
    return <Loading what="your session" />
  }
  if (session.isError) {
    return <main><ErrorMessage error={session.error} /></main>
  }
  if (!signedIn) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />
  }
  const { user, role, scopes } = signedIn.session
  return (
    <SignedInContext.Provider value={signedIn}>
      <div className="shell">
        <header className="topbar">
          <a className="skip" href="#content">Skip to content</a>
          <span className="brand">LaaS</span>
          <OrganizationSwitcher />
          <ProjectSwitcher />
          <span className="person">{user.email} ({role})</span>
          <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>Sign out</button>
          <SignOutEverywhere />
        </header>
        <nav aria-label="Sections" className="sidebar">
          <ul>
            {NAV.filter((entry) => !entry.scope || scopes.includes(entry.scope)).map((entry) => (
              <li key={entry.to}><NavLink to={entry.to}>{entry.label}</NavLink></li>
            ))}
          </ul>
        </nav>
        <main id="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </SignedInContext.Provider>
  )
}
