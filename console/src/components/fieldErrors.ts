import { ApiError } from '../api/client'

/**
 * The field-level problems of a refusal (400 VALIDATION_FAILED lists them in errors: [{field, message}]),
 * by field as the request named it ("postings[1].amount"), so a form can show each next to its input.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !Array.isArray(error.problem.errors)) {
    return {}
  }
  const byField: Record<string, string> = {}
  for (const item of error.problem.errors as { field?: unknown; message?: unknown }[]) {
    if (typeof item?.field === 'string' && typeof item.message === 'string') {
      byField[item.field] = byField[item.field] ? `${byField[item.field]}; ${item.message}` : item.message
    }
  }
  return byField
}
