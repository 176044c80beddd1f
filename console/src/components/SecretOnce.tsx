import { useId, useState } from 'react'

interface Props {
  /** what the secret is, e.g. "API key" */
  what: string
  secret: string
  onDone: () => void
}

/**
 * A secret the API shows once (an API key, a client secret, a webhook signing secret): shown in full with a
 * copy button and the warning that it cannot be shown again; "Done" forgets it.
 */
export function SecretOnce({ what, secret, onDone }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const fieldId = useId()
  const warningId = useId()

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }

  return (
    <section className="secret-once" aria-label={`New ${what}`}>
      <p id={warningId} className="warning" role="note">
        Copy this {what} now and keep it somewhere safe: it is shown only once and cannot be read again.
      </p>
      <label htmlFor={fieldId}>{what}</label>
      <div className="secret-row">
        <input id={fieldId} readOnly value={secret} aria-describedby={warningId} className="mono"
          onFocus={(event) => event.currentTarget.select()} />
        <button type="button" onClick={copy}>Copy</button>
      </div>
      <p role="status" aria-live="polite" className="note">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'The browser did not allow copying: select the text and copy it yourself.'}
      </p>
      <button type="button" className="primary" onClick={onDone}>I have saved it</button>
    </section>
  )
}
