import type { Feature } from '../feature'

export const credentialsFeature: Feature = {}
