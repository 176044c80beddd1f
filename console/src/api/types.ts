/** The shapes of the public API's answers the console reads (docs/api.md). */

export interface Person {
  id: string
  email: string
}

export interface Organization {
  id: string
  name: string
}

export interface Session {
  user: Person
  organization: Organization
  role: 'owner' | 'developer'
  scopes: string[]
  expires_at: string
  idle_expires_at: string
}

export interface Ledger {
  id: string
  code: string
  name: string
  currency: string
  project_id: string
}

export interface Page<T> {
  data: T[]
}
