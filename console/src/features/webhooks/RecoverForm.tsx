import { useId, useState, type FormEvent } from 'react'
import { fieldErrors } from '../../components/fieldErrors'
import { toRfc3339 } from '../../format/time'
import { ErrorMessage, Notice } from '../../shell/States'
import type { Recovered } from './types'

interface Props {
  recover: (since: string, until?: string) => Promise<Recovered>
}

/** Delivers again every failed delivery of the endpoint whose message arrived in a time range. */
export function RecoverForm({ recover }: Props) {
  const [since, setSince] = useState('')
  const [until, setUntil] = useState('')
  const [local, setLocal] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [recovered, setRecovered] = useState<number | null>(null)
  const [pending, setPending] = useState(false)
  const sinceId = useId()
  const untilId = useId()
  const errors = { ...fieldErrors(error), ...local }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const sinceTime = toRfc3339(since)
    const untilTime = until.trim() === '' ? undefined : toRfc3339(until)
    const problems: Record<string, string> = {}
    if (!sinceTime) {
      problems.since = 'Choose the time to recover from.'
    }
    if (until.trim() !== '' && !untilTime) {
      problems.until = 'Not a time.'
    }
    setLocal(problems)
    setRecovered(null)
    setError(null)
    if (!sinceTime || Object.keys(problems).length > 0) {
      return
    }
    setPending(true)
    try {
      setRecovered((await recover(sinceTime, untilTime)).recovered)
    } catch (refusal) {
      setError(refusal)
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="recover-form" onSubmit={submit} noValidate aria-labelledby="recover-title">
      <h2 id="recover-title">Recover failed messages</h2>
      <p className="note">After an outage of the receiver: every delivery to this endpoint that failed for good, of a
        message received in the range (at most 14 days ago), is sent again on a new round of retries.</p>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor={sinceId}>Received since</label>
          <input id={sinceId} type="datetime-local" value={since} onChange={(event) => setSince(event.target.value)}
            aria-invalid={errors.since ? true : undefined} aria-describedby={errors.since ? `${sinceId}-error` : undefined} />
          {errors.since && <span id={`${sinceId}-error`} className="field-error">{errors.since}</span>}
        </div>
        <div className="field">
          <label htmlFor={untilId}>Received before (optional)</label>
          <input id={untilId} type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)}
            aria-invalid={errors.until ? true : undefined} aria-describedby={errors.until ? `${untilId}-error` : undefined} />
          {errors.until && <span id={`${untilId}-error`} className="field-error">{errors.until}</span>}
        </div>
        <button type="submit" disabled={pending}>{pending ? 'Recovering…' : 'Recover failed messages'}</button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {recovered !== null && (
        <Notice>{recovered === 1 ? '1 delivery is' : `${recovered} deliveries are`} due again.</Notice>
      )}
    </form>
  )
}
