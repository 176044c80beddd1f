import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, patch, post, withQuery, write } from '../../api/client'
import { rememberWrite, writtenSequence } from '../../api/readAfterWrite'
import type { Page } from '../../api/types'
import { LEDGERS_KEY } from '../../shell/ledgers'
import type { Asset, LedgerDetails, NewAsset, Project } from './types'

export const PROJECTS_KEY = ['projects'] as const

/** The organisation's projects (iam:admin: owners only). */
export function useProjects(enabled = true) {
  return useQuery({ queryKey: PROJECTS_KEY, queryFn: () => get<Page<Project>>('/v1/projects'), enabled })
}

export const assetsKey = (ledgerId: string) => ['ledgers', ledgerId, 'assets'] as const

/** The ledger's assets, as of the last write made from this console at least (api/readAfterWrite). */
export function useAssets(ledgerId: string) {
  const client = useQueryClient()
  return useQuery({ queryKey: assetsKey(ledgerId), queryFn: () => get<Page<Asset>>(withQuery(`/v1/ledgers/${ledgerId}/assets`,
    { limit: 100, min_sequence: writtenSequence(client, ledgerId) })) })
}

/** Declares an asset; answers it and the ledger's sequence after the declaration. */
export function declareAsset(ledgerId: string, asset: NewAsset) {
  return write<Asset>('PUT', `/v1/ledgers/${ledgerId}/assets/${encodeURIComponent(asset.code.trim())}`,
    { scale: Number.parseInt(asset.scale, 10) })
}

export interface NewLedger {
  projectId: string
  code: string
  name: string
  currency: string
  assets: NewAsset[]
}

/** Where creating a ledger stopped: the ledger may exist while one of its assets was refused. */
export class AssetRefused extends Error {
  readonly ledger: LedgerDetails
  readonly asset: NewAsset

  constructor(ledger: LedgerDetails, asset: NewAsset, refusal: unknown) {
    super(refusal instanceof Error ? refusal.message : 'The asset was refused.')
    this.name = 'AssetRefused'
    this.ledger = ledger
    this.asset = asset
  }
}

/**
 * Creates the ledger, then declares its assets one by one (an asset is a write of the new ledger); written: told
 * each declaration's sequence, for the reads that follow (api/readAfterWrite).
 */
export async function createLedger(ledger: NewLedger,
  written: (ledgerId: string, sequence: number | undefined) => void = () => {}): Promise<LedgerDetails> {
  const created = await post<LedgerDetails>(`/v1/projects/${ledger.projectId}/ledgers`, {
    code: ledger.code.trim(), name: ledger.name.trim(), currency: ledger.currency.trim().toUpperCase(),
  })
  for (const asset of ledger.assets) {
    try {
      written(created.id, (await declareAsset(created.id, asset)).sequence)
    } catch (refusal) {
      throw new AssetRefused(created, asset, refusal)
    }
  }
  return created
}

/** Changes to ledgers: every one refreshes the ledgers the shell and the pages show. */
export function useLedgerChange<Input, Output>(change: (input: Input) => Promise<Output>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: change,
    onSettled: () => client.invalidateQueries({ queryKey: LEDGERS_KEY }),
  })
}

/** Creates a ledger and its assets; the overview it then opens reads them as of their declaration. */
export function useCreateLedger() {
  const client = useQueryClient()
  return useLedgerChange((ledger: NewLedger) =>
    createLedger(ledger, (ledgerId, sequence) => rememberWrite(client, ledgerId, sequence)))
}

export const renameLedger = ({ id, name }: { id: string; name: string }) =>
  patch<LedgerDetails>(`/v1/ledgers/${id}`, { name: name.trim() })

export const archiveLedger = (id: string) => post<LedgerDetails>(`/v1/ledgers/${id}/archive`)
