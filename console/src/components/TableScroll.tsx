import type { ReactNode } from 'react'

/**
 * A wide table that scrolls inside its box on a narrow screen instead of widening the page (.table-scroll in
 * styles.css); the box takes the keyboard's focus, so it can be scrolled without a mouse.
 */
export function TableScroll({ children }: { children: ReactNode }) {
  return <div className="table-scroll" tabIndex={0}>{children}</div>
}
