// ES module entry: the same native binding as `require('gridcore')`.
import { createRequire } from 'node:module'

const native = createRequire(import.meta.url)('./index.js')

export const {
  GridcoreError,
  TariffError,
  RequestError,
  MeteringError,
  InternalError,
  Tariff,
  BillRequest,
  Bill,
  CustomerConfig,
  Ledger,
  PointsRules,
  AccountLedger,
  reconcileFile,
  renderReconciliation,
  TemplateSet,
  renderNotice,
  planDelivery,
  bill,
  billMany,
  compare,
  confirmationsRequired,
  customerMood,
  customerProfiles,
  customerScore,
  customerView,
  evaluateTags,
  mergeCustomers,
  segmentCustomers,
  transitionTag,
  unmergeCustomers,
  explainRule,
  lateFee,
  searchAttributes,
  whatIf,
  UrdbTariff,
  billAnnual,
} = native
export default native
