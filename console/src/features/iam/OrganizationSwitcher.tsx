import { useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { ErrorMessage } from '../../shell/States'
import { useSignedIn } from '../../shell/signedIn'
import { useMyOrganizations, useSwitchOrganization } from './queries'

/**
 * The organisation of the session, and for someone in several the switch to another one: the session ends
 * and one opens in the other organisation (no password asked again); what was read before is forgotten.
 */
export function OrganizationSwitcher() {
  const { session } = useSignedIn()
  const organizations = useMyOrganizations()
  const switchOrganization = useSwitchOrganization()
  const navigate = useNavigate()
  const [chosen, setChosen] = useState(session.organization.id)
  const others = organizations.data?.data.filter((one) => one.id !== session.organization.id) ?? []

  if (others.length === 0) {
    return <span className="organization">{session.organization.name}</span>
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (chosen === session.organization.id) {
      return
    }
    try {
      await switchOrganization.mutateAsync(chosen)
      navigate('/ledgers')
    } catch {
      // shown below, from the mutation's error
    }
  }

  return (
    <form className="iam-switcher" onSubmit={submit}>
      <select aria-label="Organisation" value={chosen} onChange={(e) => setChosen(e.target.value)}
        disabled={switchOrganization.isPending}>
        {organizations.data?.data.map((one) => (
          <option key={one.id} value={one.id}>{one.name} ({one.role})</option>
        ))}
      </select>
      <button type="submit" disabled={chosen === session.organization.id || switchOrganization.isPending}>
        {switchOrganization.isPending ? 'Switching…' : 'Switch'}
      </button>
      {switchOrganization.isError && <ErrorMessage error={switchOrganization.error} />}
    </form>
  )
}
