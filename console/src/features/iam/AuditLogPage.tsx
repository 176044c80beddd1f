import { useState, type FormEvent } from 'react'
import { withQuery } from '../../api/client'
import { useCursorPages } from '../../api/cursorPages'
import { DateTime } from '../../components/DateTime'
import { LoadMore } from '../../components/LoadMore'
import { fieldErrors } from '../../components/fieldErrors'
import { toRfc3339 } from '../../format/time'
import { Empty, ErrorMessage, Loading } from '../../shell/States'
import { Field } from '../../components/Field'
import { OwnersOnly } from './OwnersOnly'
import type { AuditEvent, AuditFilters } from './types'
import './iam.css'
import { TableScroll } from '../../components/TableScroll'

export function AuditLogPage() {
  return (
    <OwnersOnly title="Audit log">
      <AuditLog />
    </OwnersOnly>
  )
}

function AuditLog() {
  const [filters, setFilters] = useState<AuditFilters>({})
  const pages = useCursorPages<AuditEvent>(['iam', 'audit-events', filters],
    (cursor) => withQuery('/v1/organizations/current/audit-events', { ...filters, cursor }))
  const errors = fieldErrors(pages.error)
  const filterError = pages.isError && Object.keys(errors).length > 0

  return (
    <section aria-labelledby="audit-title" className="iam-page">
      <h1 id="audit-title">Audit log</h1>
      <p className="note">Every change to the organisation&apos;s configuration, newest first.</p>
      <AuditFilterForm errors={errors} onApply={setFilters} />
      {pages.isPending && <Loading what="audit events" />}
      {pages.isError && !filterError && <ErrorMessage error={pages.error} />}
      {pages.isSuccess && pages.items.length === 0 && <Empty>No audit events match these filters.</Empty>}
      {pages.items.length > 0 && (
        <TableScroll>
          <table className="iam-audit">
            <caption className="visually-hidden">Audit events</caption>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr>
            </thead>
            <tbody>
              {pages.items.map((event) => <AuditRow key={event.id} event={event} />)}
            </tbody>
          </table>
        </TableScroll>
      )}
      <LoadMore pages={pages} />
    </section>
  )
}

const FILTER_FIELDS: { name: keyof AuditFilters; label: string; hint?: string }[] = [
  { name: 'action', label: 'Action', hint: 'exact (member.role_changed) or a family ending with a dot (member.)' },
  { name: 'actor_id', label: 'Actor id' },
  { name: 'target_type', label: 'Target type' },
  { name: 'target_id', label: 'Target id' },
]

export function AuditFilterForm({ errors, onApply }: { errors: Record<string, string>; onApply: (filters: AuditFilters) => void }) {
  const [draft, setDraft] = useState<Record<keyof AuditFilters, string>>(
    { from: '', to: '', actor_id: '', action: '', target_type: '', target_id: '' })
  const [timeError, setTimeError] = useState<string | null>(null)

  function submit(event: FormEvent) {
    event.preventDefault()
    const from = draft.from ? toRfc3339(draft.from) : undefined
    const to = draft.to ? toRfc3339(draft.to) : undefined
    if ((draft.from && !from) || (draft.to && !to)) {
      setTimeError('Give a date and time, or leave it empty.')
      return
    }
    setTimeError(null)
    const trimmed = (value: string) => value.trim() || undefined
    onApply({
      from, to, actor_id: trimmed(draft.actor_id), action: trimmed(draft.action),
      target_type: trimmed(draft.target_type), target_id: trimmed(draft.target_id),
    })
  }

  const set = (name: keyof AuditFilters, value: string) => setDraft((current) => ({ ...current, [name]: value }))
  return (
    <form className="iam-filters" onSubmit={submit} aria-label="Filter audit events" noValidate>
      <Field label="From" error={errors.from}>
        {(field) => <input {...field} type="datetime-local" value={draft.from} onChange={(e) => set('from', e.target.value)} />}
      </Field>
      <Field label="To" error={errors.to}>
        {(field) => <input {...field} type="datetime-local" value={draft.to} onChange={(e) => set('to', e.target.value)} />}
      </Field>
      {FILTER_FIELDS.map((one) => (
        <Field key={one.name} label={one.label} hint={one.hint} error={errors[one.name]}>
          {(field) => <input {...field} value={draft[one.name]} onChange={(e) => set(one.name, e.target.value)} />}
        </Field>
      ))}
      {timeError && <p role="alert" className="error">{timeError}</p>}
      <div className="iam-filter-actions">
        <button type="submit" className="primary">Apply filters</button>
      </div>
    </form>
  )
}

function AuditRow({ event }: { event: AuditEvent }) {
  return (
    <tr>
      <td><DateTime value={event.occurred_at} /></td>
      <td>{event.actor.display ?? event.actor.id ?? event.actor.type} <span className="note">({event.actor.type})</span></td>
      <td><code>{event.action}</code></td>
      <td>{event.target.type}{event.target.id && <> <code className="iam-id">{event.target.id}</code></>}</td>
      <td>
        <details>
          <summary>Details<span className="visually-hidden"> of {event.action} at {event.occurred_at}</span></summary>
          <AuditDetails event={event} />
        </details>
      </td>
    </tr>
  )
}

function AuditDetails({ event }: { event: AuditEvent }) {
  return (
    <dl className="iam-details">
      <dt>Service</dt><dd>{event.service}</dd>
      <dt>Source</dt>
      <dd>{event.source?.ip ?? '—'}{event.source?.user_agent && <> · {event.source.user_agent}</>}</dd>
      <dt>Request id</dt><dd><code>{event.source?.request_id ?? '—'}</code></dd>
      <dt>Before</dt><dd><pre tabIndex={0}>{event.before === null ? '(none)' : JSON.stringify(event.before, null, 2)}</pre></dd>
      <dt>After</dt><dd><pre tabIndex={0}>{event.after === null ? '(none)' : JSON.stringify(event.after, null, 2)}</pre></dd>
    </dl>
  )
}
