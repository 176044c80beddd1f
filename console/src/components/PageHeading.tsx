import type { ReactNode } from 'react'

/**
 * A page's (or a section's, level 2) title, with what acts on the page beside it (a button, a link, a status),
 * wrapping under it on a narrow screen; id names the title, for the section's aria-labelledby.
 */
export function PageHeading({ id, title, level = 1, children }:
  { id: string; title: ReactNode; level?: 1 | 2; children?: ReactNode }) {
  const Heading = level === 1 ? 'h1' : 'h2'
  return (
    <div className="page-heading">
      <Heading id={id}>{title}</Heading>
      {children}
    </div>
  )
}
