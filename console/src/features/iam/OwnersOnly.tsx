import type { ReactNode } from 'react'
import { useHasScope } from '../../shell/signedIn'

/** A section for owners: anyone else is told so rather than shown the API's refusal. */
export function OwnersOnly({ title, children }: { title: string; children: ReactNode }) {
  if (!useHasScope('iam:admin')) {
    return (
      <section aria-labelledby="owners-only-title">
        <h1 id="owners-only-title">{title}</h1>
        <p role="alert" className="error">This section is for the organisation&apos;s owners.</p>
      </section>
    )
  }
  return <>{children}</>
}
