import { useLocation } from 'react-router'

/** Where a page went that the test did not render: its path, to assert on (data-testid "location"). */
export function Elsewhere() {
  return <p data-testid="location">{useLocation().pathname}</p>
}
