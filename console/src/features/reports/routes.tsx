import type { Feature } from '../feature'

export const reportsFeature: Feature = {}
