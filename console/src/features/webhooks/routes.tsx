import type { Feature } from '../feature'

export const webhooksFeature: Feature = {}
