import { getBlob } from './client'

/** Saves what a GET answers in another representation (Accept) as a file, e.g. a report's CSV. */
export async function download(path: string, accept: string, filename: string): Promise<void> {
  const blob = await getBlob(path, accept)
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
}
