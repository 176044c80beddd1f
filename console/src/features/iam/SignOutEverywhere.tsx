import { ConfirmButton } from '../../components/ConfirmButton'
import { useSignOutEverywhere } from './queries'

export function SignOutEverywhere() {
  const signOutEverywhere = useSignOutEverywhere()
  return (
    <ConfirmButton label="Sign out everywhere" title="Sign out of every session?"
      onConfirm={() => signOutEverywhere.mutateAsync()}>
      Every session of yours ends, in every organisation and on every device, including this one.
    </ConfirmButton>
  )
}
