/** An API key as the API lists it: never the key itself (docs/api.md, API keys). */
export interface ApiKey {
  id: string
  project_id: string
  prefix: string
  last_four: string | null
  environment: 'live' | 'test'
  description: string | null
  scopes: string[]
  ledgers: string[]
  status: 'active' | 'expired' | 'revoked'
  created_at: string
  last_used_at: string | null
  expires_at: string | null
  revoked_at: string | null
  replaced_by: string | null
}

/** The answer to a creation or rotation: the key, shown once. */
export interface IssuedApiKey extends ApiKey {
  key: string
}

export interface NewApiKey {
  description?: string
  environment: 'live' | 'test'
  scopes: string[]
  ledgers: string[]
  expires_at?: string
}

/** An OAuth2 client (client credentials grant) of a project, never its secret. */
export interface OAuthClient {
  id: string
  client_id: string
  project_id: string
  name: string
  scopes: string[]
  ledgers: string[]
  created_at: string
  updated_at?: string
  secret_rotated_at: string | null
  previous_secret_expires_at: string | null
  /** when a token was last issued to it (to the minute); not in the answer that carries the secret */
  last_used_at?: string | null
}

export interface IssuedOAuthClient extends OAuthClient {
  client_secret: string
}

export interface NewOAuthClient {
  name: string
  scopes: string[]
  ledgers: string[]
}

/** A secret the page shows once, with what it is for. */
export interface ShownSecret {
  what: string
  secret: string
  /** e.g. the client_id to use with a client secret */
  context?: string
}
