import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { ApiError } from '../../api/client'
import { fieldErrors } from '../../components/fieldErrors'
import { ErrorMessage } from '../../shell/States'
import type { EndpointBody } from './api'
import { bodyOf, type EndpointDraft } from './endpointDraft'
import { EventTypesPicker } from './EventTypesPicker'
import { HeadersEditor } from './HeadersEditor'

interface Props {
  initial: EndpointDraft
  /** the endpoint as it is, when editing: only what changed is sent */
  original?: EndpointDraft
  submitLabel: string
  pending: boolean
  /** the refusal of the last submission */
  error: unknown
  onSubmit: (body: EndpointBody) => void
  onCancel?: () => void
}

interface FieldProps {
  label: string
  error?: string
  children: (control: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode
}

/** A labelled control with its problem under it (outside the label, so the label stays the control's name). */
function Field({ label, error, children }: FieldProps) {
  const id = useId()
  const errorId = `${id}-error`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(error ? { id, 'aria-invalid': true, 'aria-describedby': errorId } : { id })}
      {error && <span id={errorId} className="field-error" role="alert">{error}</span>}
    </div>
  )
}

/** An endpoint's settings, for a registration or an edit; a 400's field problems next to their inputs. */
export function EndpointForm({ initial, original, submitLabel, pending, error, onSubmit, onCancel }: Props) {
  const [draft, setDraft] = useState(initial)
  const [local, setLocal] = useState<Record<string, string>>({})
  const [unchanged, setUnchanged] = useState(false)
  // the refusal of a URL concerns that field alone: shown next to it
  const urlRefused = error instanceof ApiError && error.problem.code === 'WEBHOOK_URL_NOT_ALLOWED'
  const errors: Record<string, string> = { ...fieldErrors(error), ...(urlRefused ? { url: error.message } : {}), ...local }
  const eventTypesError = Object.entries(errors).filter(([field]) => field.startsWith('event_types'))
    .map(([, message]) => message).join('; ')
  const set = (change: Partial<EndpointDraft>) => setDraft((before) => ({ ...before, ...change }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const result = bodyOf(draft, original)
    setLocal(result.errors ?? {})
    setUnchanged(false)
    if (!result.body) {
      return
    }
    if (original && Object.keys(result.body).length === 0) {
      setUnchanged(true)
      return
    }
    onSubmit(result.body)
  }

  return (
    <form className="stacked endpoint-form" onSubmit={submit} noValidate>
      <Field label="URL" error={errors.url}>
        {(control) => <input {...control} type="url" required value={draft.url} placeholder="https://hooks.example.com/laas"
          onChange={(event) => set({ url: event.target.value })} />}
      </Field>
      <Field label="Description" error={errors.description}>
        {(control) => <input {...control} value={draft.description} maxLength={500}
          onChange={(event) => set({ description: event.target.value })} />}
      </Field>
      <EventTypesPicker value={draft.eventTypes} onChange={(eventTypes) => set({ eventTypes })} error={eventTypesError} />
      <HeadersEditor rows={draft.headers} onChange={(headers) => set({ headers })} errors={errors} />
      <fieldset className="delivery-policy">
        <legend>Delivery policy</legend>
        <div className="policy-fields">
          <Field label="Rate limit (requests per second)" error={errors.rate_limit}>
            {(control) => <input {...control} inputMode="numeric" value={draft.rateLimit} placeholder="no limit"
              onChange={(event) => set({ rateLimit: event.target.value })} />}
          </Field>
          <Field label="Max in flight" error={errors.max_in_flight}>
            {(control) => <input {...control} inputMode="numeric" value={draft.maxInFlight}
              placeholder="the service's cap (16)" onChange={(event) => set({ maxInFlight: event.target.value })} />}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={draft.fifo} onChange={(event) => set({ fifo: event.target.checked })} />
          Strict order (FIFO): one request at a time, the next only after the one before succeeded or failed for good
        </label>
      </fieldset>
      {error !== null && error !== undefined && !urlRefused && <ErrorMessage error={error} />}
      {unchanged && <p role="status" className="note">Nothing changed.</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>{pending ? 'Saving…' : submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  )
}
