import type { Posting } from './types'
import { TableScroll } from '../../components/TableScroll'

interface Props {
  /** e.g. "commit": labels read "Amount to commit, posting 1" */
  verb: string
  postings: Posting[]
  maxima: string[]
  amounts: string[]
  onChange: (amounts: string[]) => void
  errors: Record<string, string>
}

/** One amount per posting of a transaction (a commit or a reversal), each at most what its posting allows. */
export function PostingAmounts({ verb, postings, maxima, amounts, onChange, errors }: Props) {
  return (
    <TableScroll>
      <table className="posting-amounts">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Account</th>
            <th scope="col">Direction</th>
            <th scope="col" className="number">At most</th>
            <th scope="col" className="number">Amount to {verb}</th>
          </tr>
        </thead>
        <tbody>
          {postings.map((posting, index) => {
            const problem = errors[`postings[${index}].amount`]
            const problemId = `${verb}-amount-${index}-error`
            return (
            <tr key={index}>
              <td>{index + 1}</td>
              <td><code>{posting.account_code}</code></td>
              <td>{posting.direction}</td>
              <td className="number">{maxima[index]} {posting.currency}</td>
              <td className="number">
                <input className="amount" inputMode="decimal" value={amounts[index]}
                  aria-label={`Amount to ${verb}, posting ${index + 1}`}
                  aria-invalid={problem ? true : undefined} aria-describedby={problem ? problemId : undefined}
                  onChange={(event) => onChange(amounts.map((one, at) => (at === index ? event.target.value : one)))} />
                {problem && <span id={problemId} className="field-error">{problem}</span>}
              </td>
            </tr>
            )
          })}
        </tbody>
      </table>
    </TableScroll>
  )
}
