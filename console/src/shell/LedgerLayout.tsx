import { NavLink, Outlet, useParams } from 'react-router'
import { LEDGER_NAV } from '../features'
import { ErrorMessage, Loading } from './States'
import { useLedgers } from './ledgers'
import { useSignedIn } from './signedIn'

/** A ledger's pages: its name, code and currency, and its tabs (overview, accounts, transactions, …). */
export function LedgerLayout() {
  const { ledgerId } = useParams()
  const ledgers = useLedgers()
  const { session } = useSignedIn()

  if (ledgers.isPending) {
    return <Loading what="the ledger" />
  }
  if (ledgers.isError) {
    return <ErrorMessage error={ledgers.error} />
  }
  const ledger = ledgers.data.data.find((one) => one.id === ledgerId)
  if (!ledger) {
    return (
      <section>
        <h1>Ledger not found</h1>
        <p>No ledger of {session.organization.name} has this id, or your role does not grant it.</p>
      </section>
    )
  }
  return (
    <div className="ledger">
      <header className="ledger-header">
        <p className="eyebrow">Ledger <code>{ledger.code}</code> · {ledger.currency}</p>
        <nav aria-label="Ledger sections" className="tabs">
          <ul>
            {LEDGER_NAV.filter((entry) => !entry.scope || session.scopes.includes(entry.scope)).map((entry) => (
              <li key={entry.to}>
                <NavLink end={entry.to === ''} to={`/ledgers/${ledger.id}${entry.to ? '/' + entry.to : ''}`}>{entry.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <Outlet />
    </div>
  )
}
