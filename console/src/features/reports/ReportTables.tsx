import { Link } from 'react-router'
import { Money } from '../../components/Money'
import type { BalanceSheetPart, IncomeStatementPart, Section, TrialBalancePart } from './types'
import { TableScroll } from '../../components/TableScroll'

/** An account's code, indented by its depth in the tree, linking to its page. */
function AccountCell({ ledgerId, code, depth }: { ledgerId: string; code: string; depth: number }) {
  return (
    <th scope="row" className="account-cell" style={{ paddingLeft: `${0.6 + depth * 1.25}rem` }}>
      <Link to={`/ledgers/${ledgerId}/accounts/${encodeURIComponent(code)}`}><code>{code}</code></Link>
    </th>
  )
}

export function TrialBalanceTable({ ledgerId, part }: { ledgerId: string; part: TrialBalancePart }) {
  return (
    <TableScroll>
      <table className="report-table">
        <caption>Trial balance in {part.currency}</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Name</th>
            <th scope="col" className="number">Debit</th>
            <th scope="col" className="number">Credit</th>
            <th scope="col" className="number">Balance</th>
            <th scope="col" className="number">With sub-accounts</th>
          </tr>
        </thead>
        <tbody>
          {part.accounts.map((account) => (
            <tr key={account.code}>
              <AccountCell ledgerId={ledgerId} code={account.code} depth={account.depth} />
              <td>{account.name}</td>
              <td className="number"><Money amount={account.debit} /></td>
              <td className="number"><Money amount={account.credit} /></td>
              <td className="number"><Money amount={account.balance} /></td>
              <td className="number"><Money amount={account.rolled_up_balance} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total">
            <th scope="row" colSpan={2}>Total</th>
            <td className="number"><Money amount={part.total_debits} /></td>
            <td className="number"><Money amount={part.total_credits} /></td>
            <td colSpan={2}>{part.balanced ? 'Balanced' : 'Not balanced'}</td>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  )
}

interface SectionProps {
  ledgerId: string
  title: string
  currency: string
  section: Section
  /** computed lines before the total, e.g. equity's current earnings */
  extra?: { label: string; amount: string }[]
}

/** One section of a balance sheet or an income statement: its accounts in the section's direction, then its total. */
export function SectionTable({ ledgerId, title, currency, section, extra = [] }: SectionProps) {
  return (
    <TableScroll>
      <table className="report-table">
        <caption>{title} ({currency})</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Name</th>
            <th scope="col" className="number">Amount</th>
            <th scope="col" className="number">With sub-accounts</th>
          </tr>
        </thead>
        <tbody>
          {section.accounts.length === 0 && extra.length === 0 && (
            <tr><td colSpan={4} className="note">No amounts.</td></tr>
          )}
          {section.accounts.map((account) => (
            <tr key={account.code}>
              <AccountCell ledgerId={ledgerId} code={account.code} depth={account.depth} />
              <td>{account.name}{account.contra && <span className="note"> (contra)</span>}</td>
              <td className="number"><Money amount={account.amount} /></td>
              <td className="number"><Money amount={account.rolled_up_amount} /></td>
            </tr>
          ))}
          {extra.map((line) => (
            <tr key={line.label} className="computed">
              <th scope="row" colSpan={2}>{line.label}</th>
              <td className="number"><Money amount={line.amount} /></td>
              <td />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total">
            <th scope="row" colSpan={2}>Total {title.toLowerCase()}</th>
            <td className="number"><Money amount={section.total} /></td>
            <td />
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  )
}

export function BalanceSheetPartView({ ledgerId, part }: { ledgerId: string; part: BalanceSheetPart }) {
  return (
    <>
      <SectionTable ledgerId={ledgerId} title="Assets" currency={part.currency} section={part.assets} />
      <SectionTable ledgerId={ledgerId} title="Liabilities" currency={part.currency} section={part.liabilities} />
      <SectionTable ledgerId={ledgerId} title="Equity" currency={part.currency} section={part.equity}
        extra={[{ label: 'Current earnings', amount: part.equity.current_earnings }]} />
      <dl className="report-totals">
        <dt>Total assets</dt><dd><Money amount={part.assets.total} currency={part.currency} /></dd>
        <dt>Total liabilities and equity</dt>
        <dd><Money amount={part.total_liabilities_and_equity} currency={part.currency} /></dd>
        <dt>State</dt><dd>{part.balanced ? 'Balanced' : 'Not balanced'}</dd>
      </dl>
    </>
  )
}

export function IncomeStatementPartView({ ledgerId, part }: { ledgerId: string; part: IncomeStatementPart }) {
  return (
    <>
      <SectionTable ledgerId={ledgerId} title="Revenue" currency={part.currency} section={part.revenue} />
      <SectionTable ledgerId={ledgerId} title="Expenses" currency={part.currency} section={part.expenses} />
      <dl className="report-totals">
        <dt>Net income</dt><dd><Money amount={part.net_income} currency={part.currency} /></dd>
      </dl>
    </>
  )
}
