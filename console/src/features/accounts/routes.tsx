import type { Feature } from '../feature'

export const accountsFeature: Feature = {}
