import type { ApiKey } from './types'

/** How people recognise a key they cannot read again: its prefix and its last four characters. */
export function keyLabel(key: Pick<ApiKey, 'prefix' | 'last_four'>): string {
  return `${key.prefix}…${key.last_four ?? ''}`
}
