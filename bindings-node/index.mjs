// ES module entry: the same native binding as `require('gridcore')`.
import { createRequire } from 'node:module'

const native = createRequire(import.meta.url)('./index.js')

export const { Tariff, BillRequest, Bill, bill, billMany, explainRule, lateFee } = native
export default native
