import { useState } from 'react'
import { useSignedIn } from '../../shell/signedIn'

/** The project a credentials page is about: the shell's chosen project at first, then the page's own choice. */
export function useChosenProject(): [string, (projectId: string) => void] {
  const { projectId } = useSignedIn()
  return useState(projectId ?? '')
}
