// `import` works as well as `require`, for the binding and for gridcore/testing.
import test from 'node:test'
import assert from 'node:assert/strict'
import gridcore, { Bill, GridcoreError, Tariff, TariffError, bill } from 'gridcore'
import { tariffDocument } from 'gridcore/testing'

test('named and default ESM imports', () => {
  assert.equal(typeof Tariff.fromJson, 'function')
  assert.equal(gridcore.bill, bill)
  assert.equal(gridcore.Bill, Bill)
  assert.equal(typeof tariffDocument, 'function')
  assert.equal(gridcore.GridcoreError, GridcoreError)
  assert.throws(() => Tariff.fromJson('{'), TariffError)
})
