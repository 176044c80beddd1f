import { useState } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { DateTime } from '../../components/DateTime'
import { LedgerCodes, ScopeTags } from './Choices'
import { DEFAULT_OVERLAP, OverlapChoice } from './OverlapChoice'
import { keyLabel } from './keyLabel'
import { useApiKeyChanges } from './queries'
import type { ApiKey, IssuedApiKey } from './types'
import { Badge } from '../../components/Badge'

/** One key of the list, with its rotation and revocation when it is active. */
export function ApiKeyRow({ apiKey, onIssued }: { apiKey: ApiKey; onIssued: (key: IssuedApiKey) => void }) {
  const { rotate, revoke } = useApiKeyChanges(apiKey.project_id)
  const [overlap, setOverlap] = useState(DEFAULT_OVERLAP)
  const label = keyLabel(apiKey)
  return (
    <tr className={apiKey.status !== 'active' ? 'inactive' : undefined}>
      <th scope="row"><code>{label}</code> <span className="tag env">{apiKey.environment}</span></th>
      <td>{apiKey.description ?? <span className="note">—</span>}</td>
      <td><ScopeTags scopes={apiKey.scopes} /></td>
      <td><LedgerCodes ids={apiKey.ledgers} /></td>
      <td>
        <Badge tone={apiKey.status === 'active' ? 'good' : 'over'}>{apiKey.status}</Badge>
        {apiKey.replaced_by && <span className="note"> (rotated)</span>}
      </td>
      <td><DateTime value={apiKey.last_used_at} /></td>
      <td>{apiKey.expires_at ? <DateTime value={apiKey.expires_at} /> : <span className="note">never</span>}</td>
      <td>
        {apiKey.status === 'active' && (
          <div className="row-actions">
            {!apiKey.replaced_by && (
              <ConfirmButton label="Rotate" title={`Rotate the key ${label}?`} danger={false} confirmLabel="Rotate key"
                onConfirm={() => rotate.mutateAsync({ id: apiKey.id, overlapSeconds: overlap }).then(onIssued)}>
                <p>A new key with the same description, scopes, ledgers and environment replaces it; the new key is shown once.</p>
                <OverlapChoice what="key" seconds={overlap} onChange={setOverlap} />
              </ConfirmButton>
            )}
            <ConfirmButton label="Revoke" title={`Revoke the key ${label}?`} confirmLabel="Revoke key"
              onConfirm={() => revoke.mutateAsync(apiKey.id)}>
              <p>It stops working at once, and the tokens already issued for it are refused within seconds. This cannot be undone.</p>
            </ConfirmButton>
          </div>
        )}
      </td>
    </tr>
  )
}
