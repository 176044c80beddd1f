import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { rememberWrite } from '../../api/readAfterWrite'
import { fieldErrors } from '../../components/fieldErrors'
import { ErrorMessage, Notice } from '../../shell/States'
import { AssetFields } from './AssetFields'
import { assetProblems } from './assetRules'
import { assetsKey, declareAsset } from './queries'
import type { NewAsset } from './types'

const EMPTY: NewAsset = { code: '', scale: '2' }

/** Declares one more asset of the ledger; a declaration never changes, so the form says so. */
export function DeclareAssetForm({ ledgerId }: { ledgerId: string }) {
  const client = useQueryClient()
  const [asset, setAsset] = useState<NewAsset>(EMPTY)
  const [checked, setChecked] = useState(false)
  const declare = useMutation({
    mutationFn: async (next: NewAsset) => {
      const { body, sequence } = await declareAsset(ledgerId, next)
      rememberWrite(client, ledgerId, sequence)
      return body
    },
    onSuccess: () => {
      setAsset(EMPTY)
      setChecked(false)
      return client.invalidateQueries({ queryKey: assetsKey(ledgerId) })
    },
  })
  const errors = fieldErrors(declare.error)

  function submit(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (Object.keys(assetProblems(asset)).length === 0) {
      declare.mutate(asset)
    }
  }

  return (
    <form className="declare-asset" onSubmit={submit} aria-label="Add a custom asset">
      <AssetFields asset={asset} onChange={setAsset} checked={checked}
        error={errors.scale ?? errors.code} />
      <button type="submit" disabled={declare.isPending}>{declare.isPending ? 'Adding…' : 'Add asset'}</button>
      {declare.error && !errors.scale && !errors.code && <ErrorMessage error={declare.error} />}
      {declare.isSuccess && <Notice>Asset {declare.data.code} declared.</Notice>}
    </form>
  )
}
