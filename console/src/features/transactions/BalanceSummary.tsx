import { Money } from '../../components/Money'
import type { BalanceCheck } from './balance'

/** Debits and credits per currency of the postings being written, and whether each currency balances. */
export function BalanceSummary({ check, id, title = 'Balance per currency' }: { check: BalanceCheck; id: string; title?: string }) {
  const offBy = check.currencies.filter((one) => !one.balanced)
  return (
    <section className="balance-summary" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {check.currencies.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className="number">Debits</th>
              <th scope="col" className="number">Credits</th>
              <th scope="col" className="number">Debits − credits</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {check.currencies.map((one) => (
              <tr key={one.currency}>
                <th scope="row">{one.currency}</th>
                <td className="number"><Money amount={one.debits} /></td>
                <td className="number"><Money amount={one.credits} /></td>
                <td className="number"><Money amount={one.difference} /></td>
                <td>{one.balanced ? 'Balanced' : 'Not balanced'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p id={id} className={check.balanced ? 'balance-state ok' : 'balance-state off'} aria-live="polite">
        {check.balanced && `Balanced in ${check.currencies.map((one) => one.currency).join(', ')}.`}
        {!check.balanced && check.invalid.length > 0
          && `Give every posting a currency and a valid amount (posting ${check.invalid.map((index) => index + 1).join(', ')}).`}
        {!check.balanced && check.invalid.length === 0 && offBy.length > 0
          && `Not balanced: debits and credits differ in ${offBy.map((one) => `${one.currency} by ${one.difference}`).join(', ')}.`}
      </p>
    </section>
  )
}
