import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query'
import { del, get, patch, post } from '../../api/client'
import type { Page, Session } from '../../api/types'
import { SESSION_KEY } from '../../session/session'
import type { Invitation, Member, Membership, NewInvitation, Project, Role } from './types'

export const PROJECTS_KEY = ['iam', 'projects'] as const
export const MEMBERS_KEY = ['iam', 'members'] as const
export const INVITATIONS_KEY = ['iam', 'invitations'] as const
export const ORGANIZATIONS_KEY = ['iam', 'organizations'] as const

export function useProjects(enabled = true) {
  return useQuery({ queryKey: PROJECTS_KEY, queryFn: () => get<Page<Project>>('/v1/projects'), enabled })
}

export function useMembers() {
  return useQuery({ queryKey: MEMBERS_KEY, queryFn: () => get<Page<Member>>('/v1/organizations/current/members') })
}

export function useInvitations() {
  return useQuery({
    queryKey: INVITATIONS_KEY,
    queryFn: () => get<Page<Invitation>>('/v1/organizations/current/invitations'),
  })
}

export function useMyOrganizations() {
  return useQuery({
    queryKey: ORGANIZATIONS_KEY,
    queryFn: () => get<Page<Membership>>('/v1/sessions/current/organizations'),
    staleTime: 60_000,
  })
}

/** A change, then the list it touched is read again. */
function useChange<Input, Output>(key: readonly string[], change: (input: Input) => Promise<Output>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: change,
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  })
}

export const useCreateProject = () =>
  useChange(PROJECTS_KEY, (project: { code: string; name: string }) => post<Project>('/v1/projects', project))

export const useRenameProject = () =>
  useChange(PROJECTS_KEY, ({ id, name }: { id: string; name: string }) => patch<Project>(`/v1/projects/${id}`, { name }))

export const useDeleteProject = () =>
  useChange(PROJECTS_KEY, (id: string) => del<void>(`/v1/projects/${id}`))

export const useChangeRole = () =>
  useChange(MEMBERS_KEY, ({ userId, role }: { userId: string; role: Role }) =>
    patch<Member>(`/v1/organizations/current/members/${userId}`, { role }))

export const useRemoveMember = () =>
  useChange(MEMBERS_KEY, (userId: string) => del<void>(`/v1/organizations/current/members/${userId}`))

export const useInvite = () =>
  useChange(INVITATIONS_KEY, (invitation: { email: string; role: Role }) =>
    post<NewInvitation>('/v1/organizations/current/invitations', invitation))

export const useRevokeInvitation = () =>
  useChange(INVITATIONS_KEY, (id: string) => del<void>(`/v1/organizations/current/invitations/${id}`))

/** A session opened by the API (sign-in, switch of organisation); the CSRF token is in its cookie too. */
type OpenedSession = Session & { csrf_token: string }

const notTheSession = (query: Query) => query.queryKey[0] !== SESSION_KEY[0]

/**
 * Everything read so far belongs to another session (or none), so it is all forgotten; the new session is
 * the API's answer. The queries are reset rather than removed, so the pages on screen (the shell first)
 * see it at once and read again with the new session.
 */
function useOpenSession<Input>(open: (input: Input) => Promise<OpenedSession>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: open,
    onSuccess: (opened) => {
      const { csrf_token: _csrf, ...session } = opened
      client.setQueryData<Session>(SESSION_KEY, session)
      void client.resetQueries({ predicate: notTheSession })
    },
  })
}

export const useSignInTo = () =>
  useOpenSession((credentials: { email: string; password: string; organization_id?: string }) =>
    post<OpenedSession>('/v1/sessions', credentials))

export const useSwitchOrganization = () =>
  useOpenSession((organizationId: string) =>
    post<OpenedSession>('/v1/sessions/current/organization', { organization_id: organizationId }))

export function useSignOutEverywhere() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => del<void>('/v1/sessions'),
    onSuccess: () => {
      client.removeQueries({ predicate: notTheSession })
      client.setQueryData(SESSION_KEY, null)
    },
  })
}
