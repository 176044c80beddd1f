import { createContext, useContext } from 'react'
import type { Session } from '../api/types'

/**
 * What every signed-in page can rely on, provided by the AppShell: the session, and the project the person
 * is looking at (null: every project of the organisation). The choice is kept per organisation in the
 * browser (localStorage), so a reload keeps it.
 */
export interface SignedIn {
  session: Session
  projectId: string | null
  selectProject: (projectId: string | null) => void
}

export const SignedInContext = createContext<SignedIn | null>(null)

export function useSignedIn(): SignedIn {
  const signedIn = useContext(SignedInContext)
  if (!signedIn) {
    throw new Error('useSignedIn is for pages inside the AppShell')
  }
  return signedIn
}

/** Whether the session's person may do what needs this scope (iam:admin: owners). */
export function useHasScope(scope: string): boolean {
  return useSignedIn().session.scopes.includes(scope)
}

export const projectStorageKey = (organizationId: string) => `laas.project.${organizationId}`
