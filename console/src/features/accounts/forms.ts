import { ApiError } from '../../api/client'
import { fieldErrors } from '../../components/fieldErrors'
import type { Account, AccountChange } from './types'

/** Refusals about one field that the API answers without a field list (422, 409), by the field they concern. */
const FIELD_OF_CODE: Record<string, string> = {
  ACCOUNT_ALREADY_EXISTS: 'code',
  UNKNOWN_CURRENCY: 'currency',
  PARENT_NOT_FOUND: 'parent_code',
  PARENT_CURRENCY_MISMATCH: 'parent_code',
  INVALID_LIMITS: 'limits',
}

/** The problems of a refused account write by field ("limits.min_balance"), to show next to their inputs. */
export function accountFieldErrors(error: unknown): Record<string, string> {
  const byField = fieldErrors(error)
  if (error instanceof ApiError && error.problem.code && FIELD_OF_CODE[error.problem.code]) {
    byField[FIELD_OF_CODE[error.problem.code]] = error.message
  }
  return byField
}

/** Whether the refusal says more than its fields (then the form shows it above its button). */
export function hasFormLevelError(error: unknown, byField: Record<string, string>): boolean {
  return error !== null && error !== undefined && Object.keys(byField).length === 0
}

/** The metadata typed as JSON: an object, or the reason it is not one. */
export function parseMetadata(text: string): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === '') {
    return { value: undefined }
  }
  try {
    const value: unknown = JSON.parse(text)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'must be a JSON object, e.g. {"customer": "alice"}' }
    }
    return { value: value as Record<string, unknown> }
  } catch {
    return { error: 'is not valid JSON' }
  }
}

export const metadataText = (metadata: Record<string, unknown>) =>
  Object.keys(metadata).length === 0 ? '' : JSON.stringify(metadata, null, 2)

/** What the form changes of the account: only the fields that differ from what it is (PATCH). */
export function accountChange(account: Account, form: { name: string; minBalance: string; maxBalance: string },
  metadata: Record<string, unknown> | undefined, metadataChanged: boolean): AccountChange {
  const change: AccountChange = {}
  if (form.name !== account.name) {
    change.name = form.name
  }
  const min = form.minBalance.trim() || null
  const max = form.maxBalance.trim() || null
  if (min !== (account.limits?.min_balance ?? null) || max !== (account.limits?.max_balance ?? null)) {
    change.limits = { min_balance: min, max_balance: max }
  }
  if (metadataChanged) {
    change.metadata = metadata ?? {}
  }
  return change
}
