import type { Feature, NavEntry } from './feature'
import { accountsFeature } from './accounts/routes'
import { credentialsFeature } from './credentials/routes'
import { iamFeature } from './iam/routes'
import { ledgersFeature } from './ledgers/routes'
import { reportsFeature } from './reports/routes'
import { transactionsFeature } from './transactions/routes'
import { webhooksFeature } from './webhooks/routes'

/** Every feature, in the order of the navigation. */
export const FEATURES: Feature[] = [
  ledgersFeature,
  accountsFeature,
  transactionsFeature,
  reportsFeature,
  webhooksFeature,
  credentialsFeature,
  iamFeature,
]

export const NAV: NavEntry[] = FEATURES.flatMap((feature) => feature.nav ?? [])
export const LEDGER_NAV: NavEntry[] = FEATURES.flatMap((feature) => feature.ledgerNav ?? [])
