import { useState } from 'react'
import { Link } from 'react-router'
import { BalanceCells, BalanceHeadings } from './BalanceColumns'
import { accountTree, parentCodes, visibleRows, type AccountNode } from './tree'
import { STATUS_TONE, type Account } from './types'
import { Badge } from '../../components/Badge'
import { TableScroll } from '../../components/TableScroll'

/**
 * The accounts as a tree by parent: a parent's row has a button (aria-expanded) that shows or hides its
 * children, reached with Tab and pressed with Enter or Space like any button (or, as in a tree, the right arrow
 * opens and the left arrow closes). Balances in each account's currency.
 */
export function AccountTree({ accounts, caption }: { accounts: Account[]; caption: string }) {
  const roots = accountTree(accounts)
  // what was collapsed, so an account opened later shows under its parent at once
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const expanded = new Set(parentCodes(roots).filter((code) => !collapsed.has(code)))
  const rows = visibleRows(roots, expanded)

  function toggle(code: string) {
    setCollapsed((current) => {
      const next = new Set(current)
      if (next.has(code)) {
        next.delete(code)
      } else {
        next.add(code)
      }
      return next
    })
  }

  return (
    <>
      <div className="tree-actions">
        <button type="button" onClick={() => setCollapsed(new Set())}>Expand all</button>
        <button type="button" onClick={() => setCollapsed(new Set(parentCodes(roots)))}>Collapse all</button>
      </div>
      <TableScroll>
        <table className="account-tree">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <BalanceHeadings />
            </tr>
          </thead>
          <tbody>
            {rows.map((node) => (
              <AccountRow key={node.account.code} node={node} expanded={expanded.has(node.account.code)}
                onToggle={() => toggle(node.account.code)} />
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  )
}

function AccountRow({ node, expanded, onToggle }: { node: AccountNode; expanded: boolean; onToggle: () => void }) {
  const { account, depth, children } = node
  const { balances, currency } = account
  return (
    <tr data-account={account.code}>
      <th scope="row" className="code-cell" style={{ paddingInlineStart: `${0.6 + depth * 1.25}rem` }}>
        {children.length > 0 ? (
          <button type="button" className="disclosure" aria-expanded={expanded} onClick={onToggle}
            onKeyDown={(event) => {
              if ((event.key === 'ArrowRight' && !expanded) || (event.key === 'ArrowLeft' && expanded)) {
                event.preventDefault()
                onToggle()
              }
            }}
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${account.code} (${children.length} sub-accounts)`}>
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          </button>
        ) : <span className="disclosure-space" aria-hidden="true" />}
        <Link to={encodeURIComponent(account.code)}><code>{account.code}</code></Link>
      </th>
      <td>{account.name}</td>
      <td>{account.type}</td>
      <td><Badge tone={STATUS_TONE[account.status]}>{account.status}</Badge></td>
      <BalanceCells balances={balances} currency={currency} />
    </tr>
  )
}
