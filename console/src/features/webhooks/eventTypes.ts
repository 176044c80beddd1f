/**
 * The catalogue of event types an endpoint can subscribe to (docs/events.md, "Event types" and "Operational
 * events"), by family: an endpoint takes types, `<family>.*` for a whole family, or nothing (every type).
 */
export const EVENT_CATALOGUE: { family: string; types: string[] }[] = [
  { family: 'asset', types: ['asset.declared'] },
  { family: 'account', types: ['account.created', 'account.updated'] },
  {
    family: 'transaction',
    types: ['transaction.posted', 'transaction.pending', 'transaction.committed', 'transaction.voided',
      'transaction.reversed'],
  },
  { family: 'schedule', types: ['schedule.created', 'schedule.updated', 'schedule.run_failed'] },
  { family: 'endpoint', types: ['endpoint.disabled'] },
  { family: 'webhook', types: ['webhook.test'] },
]

export const EVERY_TYPE = '*'

export const familyWildcard = (family: string) => `${family}.*`

/** What a subscription receives, for people: "every event type" when it names none (or `*`). */
export function describeSubscription(eventTypes: string[]): string {
  if (eventTypes.length === 0 || eventTypes.includes(EVERY_TYPE)) {
    return 'every event type'
  }
  return eventTypes.join(', ')
}
