import type { NewAsset } from './types'

const ASSET_CODE = /^[A-Z][A-Z0-9]{1,15}$/

/** What is wrong with an asset before asking the API (docs/api.md, Assets), by field; empty when nothing. */
export function assetProblems(asset: NewAsset): { code?: string; scale?: string } {
  const problems: { code?: string; scale?: string } = {}
  if (!ASSET_CODE.test(asset.code.trim())) {
    problems.code = '2 to 16 capital letters or digits, starting with a letter (e.g. USDC)'
  }
  if (!/^\d{1,2}$/.test(asset.scale.trim()) || Number.parseInt(asset.scale, 10) > 18) {
    problems.scale = 'a whole number from 0 to 18'
  }
  return problems
}
