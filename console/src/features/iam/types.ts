/** The shapes of the IAM answers the console reads (docs/api.md, Projects, People and sessions, Audit log). */
import type { Person } from '../../api/types'

export type Role = 'owner' | 'developer'

export const ROLES: Role[] = ['owner', 'developer']

export interface Project {
  id: string
  code: string
  name: string
  created_at: string
  updated_at: string
}

export interface Member {
  user_id: string
  email: string
  role: Role
  joined_at: string
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired'

export interface Invitation {
  id: string
  email: string
  role: Role
  status: InvitationStatus
  invited_by?: string | null
  created_at?: string
  expires_at: string
  accepted_at?: string | null
}

/** The answer to an invitation: its token is shown this once. */
export interface NewInvitation extends Invitation {
  token: string
  accept_path: string
}

export interface AcceptedInvitation {
  user: Person
  organization_id: string
  role: Role
  new_account: boolean
}

/** One organisation the signed-in person belongs to. */
export interface Membership {
  id: string
  name: string
  role: Role
  joined_at: string
}

export interface AuditEvent {
  id: string
  occurred_at: string
  organization_id: string
  actor: { type: string; id: string | null; display: string | null }
  action: string
  target: { type: string; id: string | null }
  source: { ip: string | null; user_agent: string | null; request_id: string | null } | null
  before: unknown
  after: unknown
  service: string
}

/** The audit log's filters as the API names them; empty ones are left out of the query. */
export interface AuditFilters {
  from?: string
  to?: string
  actor_id?: string
  action?: string
  target_type?: string
  target_id?: string
}
