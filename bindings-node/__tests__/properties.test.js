'use strict'
// Property tests with the arbitraries the package ships (gridcore/testing).
const test = require('node:test')
const assert = require('node:assert/strict')
const fc = require('fast-check')
const gridcore = require('gridcore')
const { billRequestInputs } = require('gridcore/testing')

/** An exact decimal string as a BigInt of 10^-12 units (JS numbers would round). */
const units = (s) => {
  const [int, frac = ''] = s.replace('-', '').split('.')
  const v = BigInt(int + frac.padEnd(12, '0'))
  return s.startsWith('-') ? -v : v
}
const sum = (xs) => xs.reduce((a, b) => a + units(b), 0n)
const make = ({ tariff, fields }) => new gridcore.BillRequest(gridcore.Tariff.fromObject(tariff), fields)

test('total = Σ subtotals, and = Σ lines under line-stage rounding', () => {
  fc.assert(
    fc.property(billRequestInputs(), (input) => {
      const b = gridcore.bill(make(input))
      assert.equal(units(b.total), sum(b.subtotals.map((s) => s.amount)))
      if (b.rounding.stage === 'line') assert.equal(units(b.total), sum(b.lines.map((l) => l.amount)))
    }),
    { numRuns: 200 },
  )
})

test('more usage never lowers the bill', () => {
  fc.assert(
    fc.property(billRequestInputs(), fc.integer({ min: 0, max: 5_000_000 }), (input, extra) => {
      const before = gridcore.bill(make(input))
      const more = structuredClone(input)
      const add = (s) => {
        const v = units(s) + BigInt(extra) * 10n ** 8n // extra is in 10^-4 kWh
        const t = v.toString().padStart(13, '0')
        return `${t.slice(0, -12)}.${t.slice(-12)}`.replace(/\.?0+$/, '')
      }
      if (more.fields.usage.readings) more.fields.usage.readings[0].end = add(more.fields.usage.readings[0].end)
      else more.fields.usage.intervals.points[0].kwh = add(more.fields.usage.intervals.points[0].kwh)
      const after = gridcore.bill(make(more))
      assert.ok(units(after.total) >= units(before.total), `${before.total} then ${after.total}`)
    }),
    { numRuns: 200 },
  )
})

test('billMany equals single calls', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(billRequestInputs(), { minLength: 1, maxLength: 4 }), async (inputs) => {
      const requests = inputs.map(make)
      const many = (await gridcore.billMany(requests)).map((b) => b.toObject())
      assert.deepEqual(many, requests.map((r) => gridcore.bill(r).toObject()))
    }),
    { numRuns: 50 },
  )
})
