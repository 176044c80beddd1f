import { useResend } from './api'
import { ErrorMessage } from '../../shell/States'

interface Props {
  ledgerId: string
  messageId: string
  endpointId: string
  endpointUrl: string
}

/** Delivers the message to the endpoint again, now, on a new round of retries. */
export function ResendButton({ ledgerId, messageId, endpointId, endpointUrl }: Props) {
  const resend = useResend(ledgerId, messageId)
  return (
    <span className="resend">
      <button type="button" onClick={() => resend.mutate(endpointId)} disabled={resend.isPending}
        aria-label={`Resend to ${endpointUrl}`}>
        {resend.isPending ? 'Resending…' : 'Resend'}
      </button>
      {resend.isSuccess && <span role="status" className="note"> Due again now.</span>}
      {resend.isError && <ErrorMessage error={resend.error} />}
    </span>
  )
}
