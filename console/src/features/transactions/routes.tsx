import { page, type Feature } from '../feature'

export const transactionsFeature: Feature = {
  ledgerRoutes: [
    { path: 'transactions', lazy: page(() => import('./TransactionsPage'), 'TransactionsPage') },
    { path: 'transactions/new', lazy: page(() => import('./NewTransactionPage'), 'NewTransactionPage') },
    { path: 'transactions/:transactionId', lazy: page(() => import('./TransactionDetailPage'), 'TransactionDetailPage') },
  ],
  ledgerNav: [{ to: 'transactions', label: 'Transactions' }],
}
