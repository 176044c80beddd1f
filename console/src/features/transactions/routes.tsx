import type { Feature } from '../feature'
import { NewTransactionPage } from './NewTransactionPage'
import { TransactionDetailPage } from './TransactionDetailPage'
import { TransactionsPage } from './TransactionsPage'

export const transactionsFeature: Feature = {
  ledgerRoutes: [
    { path: 'transactions', element: <TransactionsPage /> },
    { path: 'transactions/new', element: <NewTransactionPage /> },
    { path: 'transactions/:transactionId', element: <TransactionDetailPage /> },
  ],
  ledgerNav: [{ to: 'transactions', label: 'Transactions' }],
}
