import { Link } from 'react-router'
import { useLedgers } from '../../shell/ledgers'
import { Empty, ErrorMessage, Loading } from '../../shell/States'

export function LedgersPage() {
  const ledgers = useLedgers()

  return (
    <section aria-labelledby="ledgers-title">
      <h1 id="ledgers-title">Ledgers</h1>
      {ledgers.isPending && <Loading what="ledgers" />}
      {ledgers.isError && <ErrorMessage error={ledgers.error} />}
      {ledgers.data && ledgers.data.data.length === 0 && (
        <Empty>No ledgers yet. A ledger belongs to a project: create a project, then its first ledger.</Empty>
      )}
      {ledgers.data && ledgers.data.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Ledgers of this organisation</caption>
          <thead>
            <tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Currency</th></tr>
          </thead>
          <tbody>
            {ledgers.data.data.map((ledger) => (
              <tr key={ledger.id}>
                <td><code>{ledger.code}</code></td>
                <td><Link to={`/ledgers/${ledger.id}`}>{ledger.name}</Link></td>
                <td>{ledger.currency}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
