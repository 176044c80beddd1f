import { useState, type FormEvent } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { DateTime } from '../../components/DateTime'
import { SecretOnce } from '../../components/SecretOnce'
import { fieldErrors } from '../../components/fieldErrors'
import { Empty, ErrorMessage, Loading, QueryStates } from '../../shell/States'
import { useSignedIn } from '../../shell/signedIn'
import { Field } from '../../components/Field'
import { OwnersOnly } from './OwnersOnly'
import { useChangeRole, useInvitations, useInvite, useMembers, useRemoveMember, useRevokeInvitation } from './queries'
import { ROLES, type Invitation, type Member, type Role } from './types'
import './iam.css'
import { TableScroll } from '../../components/TableScroll'

export function MembersPage() {
  return (
    <OwnersOnly title="Members">
      <section aria-labelledby="members-title" className="iam-page">
        <h1 id="members-title">Members</h1>
        <p className="note">Owners administer the organisation (members, projects, ledgers, credentials); developers work
          in its ledgers.</p>
        <MembersTable />
        <Invitations />
      </section>
    </OwnersOnly>
  )
}

function MembersTable() {
  const members = useMembers()

  if (members.isPending) {
    return <Loading what="members" />
  }
  if (members.isError) {
    return <ErrorMessage error={members.error} />
  }
  if (members.data.data.length === 0) {
    return <Empty>No members.</Empty>
  }
  return (
    <TableScroll>
      <table>
        <caption className="visually-hidden">Members of this organisation</caption>
        <thead>
          <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col">Actions</th></tr>
        </thead>
        <tbody>
          {members.data.data.map((member) => <MemberRow key={member.user_id} member={member} />)}
        </tbody>
      </table>
    </TableScroll>
  )
}

export function MemberRow({ member }: { member: Member }) {
  const { session } = useSignedIn()
  const changeRole = useChangeRole()
  const remove = useRemoveMember()
  const [role, setRole] = useState<Role>(member.role)
  const you = member.user_id === session.user.id

  function submit(event: FormEvent) {
    event.preventDefault()
    changeRole.mutate({ userId: member.user_id, role })
  }

  return (
    <tr>
      <th scope="row">{member.email}{you && <span className="note"> (you)</span>}</th>
      <td>
        <form onSubmit={submit} className="iam-row-form">
          <select aria-label={`Role of ${member.email}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((one) => <option key={one} value={one}>{one}</option>)}
          </select>
          <button type="submit" disabled={role === member.role || changeRole.isPending}>Change role</button>
          {changeRole.isError && <ErrorMessage error={changeRole.error} />}
        </form>
      </td>
      <td><DateTime value={member.joined_at} /></td>
      <td>
        <ConfirmButton label="Remove" title={`Remove ${member.email} from the organisation?`}
          onConfirm={() => remove.mutateAsync(member.user_id)}>
          Their sessions in this organisation end at once. They can join again only with a new invitation.
        </ConfirmButton>
      </td>
    </tr>
  )
}

function Invitations() {
  const invitations = useInvitations()
  const pending = invitations.data?.data.filter((invitation) => invitation.status === 'pending') ?? []

  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <InviteForm />
      <h3 id="pending-title">Pending invitations</h3>
      <QueryStates query={invitations} what="invitations" empty={pending.length === 0 && 'No pending invitations.'} />
      {pending.length > 0 && (
        <TableScroll>
          <table aria-labelledby="pending-title">
            <thead>
              <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {pending.map((invitation) => <InvitationRow key={invitation.id} invitation={invitation} />)}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}

function InvitationRow({ invitation }: { invitation: Invitation }) {
  const revoke = useRevokeInvitation()
  return (
    <tr>
      <th scope="row">{invitation.email}</th>
      <td>{invitation.role}</td>
      <td><DateTime value={invitation.expires_at} /></td>
      <td>
        <ConfirmButton label="Revoke" title={`Revoke the invitation of ${invitation.email}?`}
          onConfirm={() => revoke.mutateAsync(invitation.id)}>
          Its link stops working at once.
        </ConfirmButton>
      </td>
    </tr>
  )
}

/** The link a person opens to accept: the console's own page, not the API's path. */
const invitationLink = (token: string, origin = window.location.origin) =>
  `${origin}/invitations/${encodeURIComponent(token)}`

export function InviteForm() {
  const invite = useInvite()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('developer')
  const [link, setLink] = useState<string | null>(null)

  function submit(event: FormEvent) {
    event.preventDefault()
    invite.mutate({ email: email.trim(), role }, {
      onSuccess: (created) => {
        setEmail('')
        setLink(invitationLink(created.token))
      },
    })
  }

  if (link) {
    return <SecretOnce what="invitation link" secret={link} onDone={() => { setLink(null); invite.reset() }} />
  }
  const errors = fieldErrors(invite.error)
  return (
    <form className="stacked" onSubmit={submit} aria-label="Invite someone" noValidate>
      <Field label="Email" error={errors.email}>
        {(field) => <input {...field} type="email" name="email" required value={email}
          onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label="Role" error={errors.role}>
        {(field) => (
          <select {...field} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((one) => <option key={one} value={one}>{one}</option>)}
          </select>
        )}
      </Field>
      {invite.isError && !errors.email && !errors.role && <ErrorMessage error={invite.error} />}
      <div>
        <button type="submit" className="primary" disabled={invite.isPending}>{invite.isPending ? 'Inviting…' : 'Invite'}</button>
      </div>
    </form>
  )
}
