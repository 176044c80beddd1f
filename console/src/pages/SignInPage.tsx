import { useState, type FormEvent } from 'react'
import { Link, Navigate, useLocation } from 'react-router'
import { ErrorMessage } from '../shell/States'
import { useSession, useSignIn } from '../session/session'

export function SignInPage() {
  const session = useSession()
  const signIn = useSignIn()
  const location = useLocation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const from = (location.state as { from?: string } | null)?.from ?? '/ledgers'

  if (session.data) {
    return <Navigate to={from} replace />
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    signIn.mutate({ email: email.trim(), password })
  }

  return (
    <main className="sign-in">
      <h1>Sign in to LaaS</h1>
      <form onSubmit={submit} aria-describedby={signIn.error ? 'sign-in-error' : undefined}>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email}
            onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password}
            onChange={(e) => setPassword(e.target.value)} />
        </label>
        {signIn.error && <ErrorMessage id="sign-in-error" error={signIn.error} />}
        <button type="submit" disabled={signIn.isPending}>{signIn.isPending ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p>New to LaaS? <Link to="/sign-up">Create an account</Link></p>
    </main>
  )
}
