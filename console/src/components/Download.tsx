import { useState } from 'react'
import { download } from '../api/download'
import { ErrorMessage } from '../shell/States'

export function DownloadButton({ path, accept = 'text/csv', filename, label = 'Download CSV' }:
  { path: string; accept?: string; filename: string; label?: string }) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(null)

  async function save() {
    setPending(true)
    setError(null)
    try {
      await download(path, accept, filename)
    } catch (refusal) {
      setError(refusal)
    } finally {
      setPending(false)
    }
  }

  return (
    <span className="download">
      <button type="button" onClick={save} disabled={pending}>{pending ? 'Preparing…' : label}</button>
      {error !== null && <ErrorMessage error={error} />}
    </span>
  )
}
