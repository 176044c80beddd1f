import type { Feature } from '../feature'

export const iamFeature: Feature = {}
