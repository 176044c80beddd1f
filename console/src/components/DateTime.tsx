import { formatDateTime } from '../format/time'

/** A time the API gave (RFC 3339), shown in the browser's time zone; the exact value is in its title. */
export function DateTime({ value }: { value: string | null | undefined }) {
  if (!value) {
    return <span>—</span>
  }
  return <time dateTime={value} title={value}>{formatDateTime(value)}</time>
}
