import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { DateTime } from '../../components/DateTime'
import { Money } from '../../components/Money'
import { formatMoney } from '../../money/decimal'
import { Empty, ErrorMessage, Loading } from '../../shell/States'
import { useBalanceHistory } from './queries'
import { TableScroll } from '../../components/TableScroll'

interface Point {
  at: string
  /** the exact balance, for every text */
  balance: string
  /** the balance as a number, only to place the point on the chart */
  plotted: number
}

const day = (at: string) => new Date(at).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })

function PointTooltip({ active, payload, currency }:
  { active?: boolean; payload?: readonly { payload?: Point }[]; currency: string }) {
  const point = active ? payload?.[0]?.payload : undefined
  if (!point) {
    return null
  }
  return (
    <div className="chart-tooltip">
      <div>{new Date(point.at).toLocaleString()}</div>
      <strong>{formatMoney(point.balance, currency)}</strong>
    </div>
  )
}

/** The account's posted balance at the end of each day of the period, drawn, and the same figures as a table. */
export function BalanceChart({ ledgerId, code, from, to }: { ledgerId: string; code: string; from?: string; to?: string }) {
  const history = useBalanceHistory(ledgerId, code, from, to)

  return (
    <section aria-labelledby="balance-chart-title" className="balance-chart">
      <h2 id="balance-chart-title">Balance over time</h2>
      {history.isPending && history.fetchStatus !== 'idle' && <Loading what="the balance history" />}
      {history.isError && <ErrorMessage error={history.error} />}
      {history.data && history.data.points.length === 0 && <Empty>No days in this period.</Empty>}
      {history.data && history.data.points.length > 0 && (
        <figure>
          <div className="chart-box" role="img"
            aria-label={`Posted balance at the end of each day, from ${formatMoney(history.data.opening_balance, history.data.currency)} to ${formatMoney(history.data.points[history.data.points.length - 1].balance, history.data.currency)}`}>
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={history.data.points.map((point): Point =>
                ({ ...point, plotted: Number(point.balance) }))} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="at" tickFormatter={day} minTickGap={24} />
                <YAxis width={80} />
                <Tooltip content={(props) => <PointTooltip {...props} currency={history.data.currency} />} />
                <Line type="stepAfter" dataKey="plotted" name="Balance" stroke="#1f6feb" dot={false}
                  isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <figcaption>
            <details>
              <summary>Balance at the end of each day</summary>
              <TableScroll>
                <table>
                  <caption className="visually-hidden">Balance at the end of each day</caption>
                  <thead><tr><th scope="col">End of day</th><th scope="col" className="number">Balance</th></tr></thead>
                  <tbody>
                    {history.data.points.map((point) => (
                      <tr key={point.at}>
                        <td><DateTime value={point.at} /></td>
                        <td className="number"><Money amount={point.balance} currency={history.data.currency} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </details>
          </figcaption>
        </figure>
      )}
    </section>
  )
}
