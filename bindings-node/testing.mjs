import { createRequire } from 'node:module'

const testing = createRequire(import.meta.url)('./testing.js')

export const { accountSetup, paymentStream, price, kwh, roundingPolicy, tierBounds, timeOfUse, tariffDocument, period, readingsFor, intervalData, billRequestInputs, pointsRules, pointsEvents } = testing
export default testing
