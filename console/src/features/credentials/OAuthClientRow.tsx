import { useState } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { DateTime } from '../../components/DateTime'
import { LedgerCodes, ScopeTags } from './Choices'
import { DEFAULT_OVERLAP, OverlapChoice } from './OverlapChoice'
import { useOAuthClientChanges } from './queries'
import type { IssuedOAuthClient, OAuthClient } from './types'

/** One client of the list, with the rotation of its secret and its deletion. */
export function OAuthClientRow({ client, onIssued }: { client: OAuthClient; onIssued: (client: IssuedOAuthClient) => void }) {
  const { rotate, remove } = useOAuthClientChanges(client.project_id)
  const [overlap, setOverlap] = useState(DEFAULT_OVERLAP)
  return (
    <tr>
      <th scope="row">{client.name}</th>
      <td><code>{client.client_id}</code></td>
      <td><ScopeTags scopes={client.scopes} /></td>
      <td><LedgerCodes ids={client.ledgers} /></td>
      <td><DateTime value={client.created_at} /></td>
      <td>{client.last_used_at ? <DateTime value={client.last_used_at} /> : <span className="note">never</span>}</td>
      <td>
        {client.secret_rotated_at ? <DateTime value={client.secret_rotated_at} /> : <span className="note">never</span>}
        {client.previous_secret_expires_at && (
          <div className="note">previous secret works until <DateTime value={client.previous_secret_expires_at} /></div>
        )}
      </td>
      <td>
        <div className="row-actions">
          <ConfirmButton label="Rotate secret" title={`Rotate the secret of ${client.name}?`} danger={false}
            confirmLabel="Rotate secret" onConfirm={() => rotate.mutateAsync({ id: client.id, overlapSeconds: overlap }).then(onIssued)}>
            <p>The client gets a new secret, shown once. An earlier previous secret stops working now.</p>
            <OverlapChoice what="secret" seconds={overlap} onChange={setOverlap} />
          </ConfirmButton>
          <ConfirmButton label="Delete" title={`Delete the client ${client.name}?`} confirmLabel="Delete client"
            onConfirm={() => remove.mutateAsync(client.id)}>
            <p>It gets no more tokens, and the tokens already issued to it are refused within seconds. Its client id is never given again. This cannot be undone.</p>
          </ConfirmButton>
        </div>
      </td>
    </tr>
  )
}
