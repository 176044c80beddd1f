import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { post } from '../../api/client'
import { fieldErrors } from '../../components/fieldErrors'
import { useSession } from '../../session/session'
import { ErrorMessage, QueryStates } from '../../shell/States'
import { Field } from '../../components/Field'
import { useSignInTo, useSwitchOrganization } from './queries'
import type { AcceptedInvitation } from './types'
import './iam.css'

const acceptPath = (token: string) => `/v1/invitations/${encodeURIComponent(token)}/accept`

/**
 * Joins the organisation that sent the invitation, then opens a session in it. Someone signed out gives a
 * password (a new one for a new account, their own otherwise); someone signed in accepts as themselves.
 */
export function AcceptInvitationPage() {
  const { token = '' } = useParams()
  const session = useSession()

  return (
    <main className="sign-in">
      <h1>Join an organisation on LaaS</h1>
      <QueryStates query={session} what="your session" />
      {session.isSuccess && (session.data
        ? <AcceptSignedIn token={token} email={session.data.user.email} />
        : <AcceptWithPassword token={token} />)}
    </main>
  )
}

function AcceptWithPassword({ token }: { token: string }) {
  const signIn = useSignInTo()
  const navigate = useNavigate()
  const [password, setPassword] = useState('')
  const [refusal, setRefusal] = useState<unknown>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setPending(true)
    setRefusal(null)
    try {
      const accepted = await post<AcceptedInvitation>(acceptPath(token), { password })
      await signIn.mutateAsync({ email: accepted.user.email, password, organization_id: accepted.organization_id })
      navigate('/ledgers', { replace: true })
    } catch (error) {
      setRefusal(error)
    } finally {
      setPending(false)
    }
  }

  const passwordError = fieldErrors(refusal).password
  return (
    <>
      <p>New to LaaS? Choose a password for your account. Already have an account? Enter your password.</p>
      <form onSubmit={submit} noValidate>
        <Field label="Password" error={passwordError}>
          {(field) => <input {...field} type="password" name="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {refusal !== null && !passwordError && <ErrorMessage error={refusal} />}
        <button type="submit" className="primary" disabled={pending}>{pending ? 'Joining…' : 'Accept invitation'}</button>
      </form>
      <p><Link to="/sign-in">Sign in</Link> · <Link to="/sign-up">Create an account</Link></p>
    </>
  )
}

function AcceptSignedIn({ token, email }: { token: string; email: string }) {
  const switchOrganization = useSwitchOrganization()
  const navigate = useNavigate()
  const [refusal, setRefusal] = useState<unknown>(null)
  const [pending, setPending] = useState(false)

  async function accept() {
    setPending(true)
    setRefusal(null)
    try {
      const accepted = await post<AcceptedInvitation>(acceptPath(token))
      await switchOrganization.mutateAsync(accepted.organization_id)
      navigate('/ledgers', { replace: true })
    } catch (error) {
      setRefusal(error)
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <p>You are signed in as <strong>{email}</strong>. The invitation must be for this address.</p>
      {refusal !== null && <ErrorMessage error={refusal} />}
      <button type="button" className="primary" onClick={accept} disabled={pending}>
        {pending ? 'Joining…' : `Accept as ${email}`}
      </button>
      <p className="note">Not you? <Link to="/ledgers">Back to the console</Link> and sign out first.</p>
    </>
  )
}
