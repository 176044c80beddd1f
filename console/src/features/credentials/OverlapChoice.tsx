import { useId } from 'react'

const OVERLAPS = [
  { seconds: 0, label: 'Stop it at once (tokens already issued are refused too)' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours' },
  { seconds: 604800, label: '7 days' },
]

export const DEFAULT_OVERLAP = 86400

/** How long the old secret keeps working after a rotation, so the clients using it can move over. */
export function OverlapChoice({ what, seconds, onChange }: { what: string; seconds: number; onChange: (seconds: number) => void }) {
  const id = useId()
  return (
    <p className="overlap">
      <label htmlFor={id}>The old {what} keeps working</label>{' '}
      <select id={id} value={seconds} onChange={(event) => onChange(Number.parseInt(event.target.value, 10))}>
        {OVERLAPS.map((overlap) => <option key={overlap.seconds} value={overlap.seconds}>{overlap.label}</option>)}
      </select>
    </p>
  )
}
