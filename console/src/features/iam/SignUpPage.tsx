import { useState, type FormEvent } from 'react'
import { Link, Navigate, useNavigate } from 'react-router'
import { post } from '../../api/client'
import { fieldErrors } from '../../components/fieldErrors'
import { useSession } from '../../session/session'
import { ErrorMessage } from '../../shell/States'
import { Field } from '../../components/Field'
import { useSignInTo } from './queries'
import './iam.css'

/** Opens an account and its organisation, then signs the new owner in. */
export function SignUpPage() {
  const session = useSession()
  const signIn = useSignInTo()
  const navigate = useNavigate()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [organizationName, setOrganizationName] = useState('')
  const [refusal, setRefusal] = useState<unknown>(null)
  const [pending, setPending] = useState(false)

  if (session.data && !pending) {
    return <Navigate to="/ledgers" replace />
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setPending(true)
    setRefusal(null)
    const address = email.trim()
    try {
      await post('/v1/signup', { email: address, password, organization_name: organizationName.trim() })
      await signIn.mutateAsync({ email: address, password })
      navigate('/ledgers', { replace: true })
    } catch (error) {
      setRefusal(error)
    } finally {
      setPending(false)
    }
  }

  const errors = fieldErrors(refusal)
  const general = refusal !== null && !(errors.email || errors.password || errors.organization_name)
  return (
    <main className="sign-in">
      <h1>Create your LaaS account</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Email" error={errors.email}>
          {(field) => <input {...field} type="email" name="email" autoComplete="username" required value={email}
            onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password" error={errors.password}
          hint="At least 12 characters; not your email, not a common password.">
          {(field) => <input {...field} type="password" name="password" autoComplete="new-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Organisation name" error={errors.organization_name}>
          {(field) => <input {...field} name="organization_name" autoComplete="organization" required
            value={organizationName} onChange={(e) => setOrganizationName(e.target.value)} />}
        </Field>
        {general && <ErrorMessage error={refusal} />}
        <button type="submit" className="primary" disabled={pending}>{pending ? 'Creating your account…' : 'Create account'}</button>
      </form>
      <p>Already have an account? <Link to="/sign-in">Sign in</Link></p>
    </main>
  )
}
