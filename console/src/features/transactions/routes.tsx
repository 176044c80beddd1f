import type { Feature } from '../feature'

export const transactionsFeature: Feature = {}
