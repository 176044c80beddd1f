/** A time the API gave (RFC 3339) in the browser's time zone and language. */
export function formatDateTime(value: string): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) {
    return value
  }
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0')

/**
 * The RFC 3339 time (with the browser's offset, as the API requires) of what an <input type="datetime-local">
 * or <input type="date"> holds ("2026-03-02T11:30", "2026-03-02T11:30:05.250", "2026-03-02" is its midnight),
 * or undefined when empty or not a time (also a local time that does not exist, skipped by a clock change).
 */
export function toRfc3339(local: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(local.trim())
  if (!match) {
    return undefined
  }
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction] = match
  const date = new Date(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))
  if (Number.isNaN(date.getTime()) || date.getDate() !== Number(day) || date.getHours() !== Number(hour)) {
    return undefined
  }
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  // a browser may give seconds with a fraction ("…:05.000"): kept when it is not zero
  const decimals = fraction && /[1-9]/.test(fraction) ? '.' + fraction : ''
  return `${year}-${month}-${day}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${decimals}`
    + `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}

/** What an <input type="datetime-local"> shows for an RFC 3339 time, in the browser's time zone. */
export function toDateTimeLocal(value: string): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) {
    return ''
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}
