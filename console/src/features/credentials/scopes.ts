/** The scopes an API key may hold (docs/api.md, API keys). */
export const API_KEY_SCOPES = ['ledger:read', 'ledger:write', 'webhooks:read', 'webhooks:write']

/** An OAuth2 client may also administer the organisation. */
export const CLIENT_SCOPES = [...API_KEY_SCOPES, 'iam:admin']

const SCOPE_HINTS: Record<string, string> = {
  'ledger:read': 'read accounts, transactions, reports',
  'ledger:write': 'post transactions, open accounts, declare assets',
  'webhooks:read': 'read webhook endpoints and deliveries',
  'webhooks:write': 'manage webhook endpoints',
  'iam:admin': 'administer the organisation: projects, ledgers, keys, clients, members',
}

export const scopeOptions = (scopes: string[]) => scopes.map((scope) => ({ value: scope, label: scope, hint: SCOPE_HINTS[scope] }))
