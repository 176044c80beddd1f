import { useId, useState } from 'react'
import { DateTime } from '../../components/DateTime'
import { QueryStates } from '../../shell/States'
import { useEndpointStats } from './api'
import { formatRate } from './format'
import { HttpStatus, Milliseconds } from './parts'
import type { StatsWindow } from './types'

const WINDOWS: { value: StatsWindow; label: string }[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
]

/** How the endpoint is doing over a window, its latest answer and its queue now. */
export function StatsPanel({ ledgerId, endpointId }: { ledgerId: string; endpointId: string }) {
  const [window, setWindow] = useState<StatsWindow>('24h')
  const stats = useEndpointStats(ledgerId, endpointId, window)
  const windowId = useId()

  return (
    <section aria-labelledby="stats-title" className="panel">
      <div className="panel-head">
        <h2 id="stats-title">Statistics</h2>
        <label htmlFor={windowId} className="inline">Window</label>
        <select id={windowId} value={window} onChange={(event) => setWindow(event.target.value as StatsWindow)}>
          {WINDOWS.map((one) => <option key={one.value} value={one.value}>{one.label}</option>)}
        </select>
      </div>
      <QueryStates query={stats} what="the statistics" />
      {stats.data && (
        <dl className="stats">
          <div><dt>Attempts</dt><dd>{stats.data.attempts}</dd></div>
          <div><dt>Succeeded</dt><dd>{stats.data.succeeded}</dd></div>
          <div><dt>Failed</dt><dd>{stats.data.failed}</dd></div>
          <div><dt>Success rate</dt><dd>{formatRate(stats.data.success_rate)}</dd></div>
          <div><dt>Average latency</dt><dd><Milliseconds value={stats.data.average_latency_ms} /></dd></div>
          <div><dt>Max latency</dt><dd><Milliseconds value={stats.data.max_latency_ms} /></dd></div>
          <div>
            <dt>Latest attempt</dt>
            <dd>
              {stats.data.last_attempt_at ? (
                <><DateTime value={stats.data.last_attempt_at} /> · <HttpStatus status={stats.data.last_status} />
                  {stats.data.last_error && <> · {stats.data.last_error}</>}</>
              ) : 'none yet'}
            </dd>
          </div>
          <div>
            <dt>Queue now</dt>
            <dd>{stats.data.queue.pending} pending · {stats.data.queue.due} due · {stats.data.queue.in_flight} in flight</dd>
          </div>
        </dl>
      )}
    </section>
  )
}
