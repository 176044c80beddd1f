import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { get } from '../../api/client'
import { DateTime } from '../../components/DateTime'
import { DownloadButton } from '../../components/Download'
import { fieldErrors } from '../../components/fieldErrors'
import { useLedger } from '../../shell/ledgers'
import { Empty, ErrorMessage, Loading } from '../../shell/States'
import { ReportForm } from './ReportForm'
import { BalanceSheetPartView, IncomeStatementPartView, TrialBalanceTable } from './ReportTables'
import { KINDS, paramsOf, reportPath, requestFrom } from './request'
import type { BalanceSheet, IncomeStatement, ReportRequest, TrialBalance } from './types'
import './reports.css'

type Report = TrialBalance | BalanceSheet | IncomeStatement

export function ReportsPage() {
  const ledger = useLedger()
  const [params, setParams] = useSearchParams()
  const request = requestFrom(params)
  const path = reportPath(ledger.id, request)
  const report = useQuery({ queryKey: ['ledgers', ledger.id, 'reports', path], queryFn: () => get<Report>(path) })
  const title = KINDS.find((one) => one.kind === request.kind)?.label ?? 'Report'

  return (
    <section aria-labelledby="reports-title" className="reports">
      <h1 id="reports-title">Reports</h1>
      <ReportForm key={params.toString()} request={request} errors={fieldErrors(report.error)}
        onShow={(next: ReportRequest) => setParams(paramsOf(next))} />

      <section aria-labelledby="report-title" className="report">
        <div className="report-heading">
          <h2 id="report-title">{title}</h2>
          <DownloadButton path={path} filename={`${ledger.code}-${request.kind}${request.kind === 'income-statement'
            ? `-${request.from}-${request.to}` : request.asOf ? `-${request.asOf}` : ''}.csv`} />
        </div>
        {report.isPending && <Loading what={`the ${title.toLowerCase()}`} />}
        {report.isError && <ErrorMessage error={report.error} />}
        {report.data && <ReportBody ledgerId={ledger.id} request={request} report={report.data} />}
      </section>
    </section>
  )
}

function ReportBody({ ledgerId, request, report }: { ledgerId: string; request: ReportRequest; report: Report }) {
  return (
    <>
      <p className="note">
        {'as_of' in report
          ? <>As of <DateTime value={report.as_of} /></>
          : <>From <DateTime value={report.from} /> to <DateTime value={report.to} /> (excluded)</>}
        {' '}· {report.basis === 'effective' ? 'effective times' : 'recorded times'}
      </p>
      {report.currencies.length === 0 && (
        <Empty>No posted amounts{request.currency ? ` in ${request.currency}` : ''} for this report.</Empty>
      )}
      {report.currencies.map((part) => (
        <section key={part.currency} aria-labelledby={`report-${part.currency}`} className="report-currency">
          <h3 id={`report-${part.currency}`}>{part.currency}</h3>
          {request.kind === 'trial-balance' && <TrialBalanceTable ledgerId={ledgerId} part={part as TrialBalance['currencies'][number]} />}
          {request.kind === 'balance-sheet' && <BalanceSheetPartView ledgerId={ledgerId} part={part as BalanceSheet['currencies'][number]} />}
          {request.kind === 'income-statement' && <IncomeStatementPartView ledgerId={ledgerId} part={part as IncomeStatement['currencies'][number]} />}
        </section>
      ))}
    </>
  )
}
