import type { ReactNode } from 'react'

/** How a status reads: good (open, active, posted), waiting (pending), cold (frozen), over (closed, archived), bad (failed). */
export type Tone = 'plain' | 'good' | 'waiting' | 'cold' | 'over' | 'bad'

/** A status as a pill, its tone by colour and its text always said (struck: what was undone, e.g. voided). */
export function Badge({ tone = 'plain', struck = false, children }: { tone?: Tone; struck?: boolean; children: ReactNode }) {
  return <span className={`badge ${tone}${struck ? ' struck' : ''}`}>{children}</span>
}
