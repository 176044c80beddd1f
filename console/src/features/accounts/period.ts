import { toRfc3339 } from '../../format/time'

const pad = (value: number) => String(value).padStart(2, '0')
const dateValue = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`

/** The last 30 days, today included, as <input type="date"> values (from is a start, to the day after the end). */
export function lastThirtyDays(today = new Date()): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29)
  const to = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1)
  return { from: dateValue(from), to: dateValue(to) }
}

/** The period [from, to) as the API takes it (midnights of the browser's time zone), or why it is not one. */
export function periodOf(from: string, to: string): { from?: string; to?: string; error?: string } {
  const start = toRfc3339(from)
  const end = toRfc3339(to)
  if (!start || !end) {
    return { error: 'Choose both dates.' }
  }
  if (to <= from) {
    return { error: 'The end must be after the start.' }
  }
  return { from: start, to: end }
}
