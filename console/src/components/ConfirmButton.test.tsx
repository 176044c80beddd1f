// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/client'
import { ConfirmButton } from './ConfirmButton'

describe('ConfirmButton', () => {
  it('acts only when confirmed', async () => {
    const user = userEvent.setup()
    const onConfirm = vi.fn().mockResolvedValue(undefined)
    render(<ConfirmButton label="Revoke" title="Revoke the key?" onConfirm={onConfirm}>It stops working at once.</ConfirmButton>)

    await user.click(screen.getByRole('button', { name: 'Revoke' }))
    expect(screen.getByRole('alertdialog', { name: 'Revoke the key?' })).toHaveAccessibleDescription('It stops working at once.')
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onConfirm).not.toHaveBeenCalled()
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'Revoke' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Revoke' }))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).toBeNull()

    await user.click(screen.getByRole('button', { name: 'Revoke' }))
    const dialog = screen.getByRole('alertdialog')
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }))
    expect(onConfirm).toHaveBeenCalledOnce()
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('shows the refusal and stays open', async () => {
    const user = userEvent.setup()
    const onConfirm = vi.fn().mockRejectedValue(new ApiError({ status: 409, detail: 'The ledger is archived.' }))
    render(<ConfirmButton label="Archive" title="Archive main?" onConfirm={onConfirm} />)

    await user.click(screen.getByRole('button', { name: 'Archive' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Archive' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The ledger is archived.')
    expect(screen.getByRole('alertdialog')).toBeInTheDocument()
  })
})
