/** A success rate (0 to 1) as a percentage for people; — without attempts. */
export function formatRate(rate: number | null): string {
  if (rate === null) {
    return '—'
  }
  const percent = rate * 100
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`
}
