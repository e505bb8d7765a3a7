'use strict'
// Billing through the Node API, and with it the binding's own contract: conversions,
// errors, panics, the async batch. Billing behaviour itself is covered by the
// conformance cases.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const gridcore = require('gridcore')

const TARIFFS = path.join(__dirname, '..', '..', 'examples', 'data', 'tariffs')
const zj = () => gridcore.Tariff.fromFile(path.join(TARIFFS, 'zj-residential-tiered.json'))
const fields = (over = {}) => ({
  account: { account_id: '3300012345' },
  period: { start: '2026-11-01', end: '2026-12-01' },
  usage: { readings: [{ register: 'total', start: '8200', end: '8500' }] },
  year_to_date_kwh: '2600',
  as_of: '2026-12-01',
  ...over,
})

function throwsGridcore(fn, expected) {
  let error
  try {
    fn()
  } catch (e) {
    error = e
  }
  assert.ok(error instanceof Error, 'expected an Error to be thrown')
  for (const [k, v] of Object.entries(expected)) assert.equal(error[k], v, `${k}: ${error.message}`)
  return error
}

test('a bill reads like its JSON form, with exact decimal strings', () => {
  const b = gridcore.bill(new gridcore.BillRequest(zj(), fields()))
  assert.equal(b.total, '168.40')
  assert.deepEqual(b.lines.map((l) => [l.code, l.quantity, l.amount]), [['energy.tier_1', '160', '86.08'], ['energy.tier_2', '140', '82.32']])
  assert.equal(b.period.days, 30)
  assert.equal(b.lines[0].rule.kind, 'tier')
  assert.match(gridcore.explainRule(b.lines[0].rule).zh, /第1档/)
  assert.match(b.render(), /168\.40/)
  assert.ok(b instanceof gridcore.Bill)
  assert.deepEqual(JSON.parse(JSON.stringify(b)), b.toObject())
  assert.equal(b.toObject().total, '168.40')
  assert.deepEqual(gridcore.Bill.fromJson(b.toJson()).toObject(), b.toObject())
  assert.deepEqual(b.notes, [])
})

test('tariffs load from objects, JSON text and files, and round-trip', () => {
  const t = zj()
  assert.equal(t.id, 'zj-residential-tiered-2026')
  assert.equal(t.name.en, 'Zhejiang residential, annual tiers')
  const again = gridcore.Tariff.fromObject(t.toObject())
  assert.equal(again.toJson(), gridcore.Tariff.fromJson(t.toJson()).toJson())
})

test('a JS number for money is rejected, naming the field', () => {
  const e = throwsGridcore(() => new gridcore.BillRequest(zj(), fields({ year_to_date_kwh: 2600 })), { name: 'RequestError', code: 'invalid_field', path: 'year_to_date_kwh' })
  assert.match(e.reason, /decimal string/)
  const doc = zj().toObject()
  doc.energy.tiered.tiers[0].price = 0.538
  throwsGridcore(() => gridcore.Tariff.fromObject(doc), { name: 'TariffError', kind: 'tariff', path: 'tariff.energy.tiered.tiers[0].price' })
  throwsGridcore(() => new gridcore.BillRequest(zj(), fields({ usage: { readings: [{ register: 'total', start: '1', end: 2 }] } })), {
    name: 'MeteringError',
    path: 'usage.readings[0].end',
  })
})

test('integer fields accept numbers', () => {
  const tou = gridcore.Tariff.fromFile(path.join(TARIFFS, 'commercial-tou.json'))
  const points = [...Array(24).keys()].map((h) => ({ start: `2026-11-02T${String(h).padStart(2, '0')}:00:00`, kwh: '1' }))
  const b = gridcore.bill(new gridcore.BillRequest(tou, fields({ period: { start: '2026-11-02', end: '2026-11-03' }, usage: { intervals: { minutes: 60, points } }, as_of: '2026-11-03' })))
  assert.equal(b.total, '16.66')
})

test('a Date is rejected with a clear message', () => {
  const e = throwsGridcore(() => new gridcore.BillRequest(zj(), fields({ as_of: new Date('2026-12-01') })), { code: 'invalid_field', path: 'as_of' })
  assert.match(e.reason, /YYYY-MM-DD/)
})

test('errors carry kind, code and path', () => {
  throwsGridcore(() => gridcore.bill(new gridcore.BillRequest(zj(), fields({ period: { start: '2026-11-10', end: '2026-11-01' } }))), {
    kind: 'request',
    code: 'empty_period',
    path: 'period.end',
  })
  throwsGridcore(() => gridcore.Tariff.fromJson('{'), { name: 'TariffError', code: 'syntax' })
})

test('a panic becomes an internal error, not a crashed process', () => {
  throwsGridcore(() => gridcore._panicForTests(), { name: 'InternalError', code: 'internal' })
  assert.equal(gridcore.bill(new gridcore.BillRequest(zj(), fields())).total, '168.40')
})

test('billMany resolves on a worker thread, with raise and return modes', async () => {
  const good = new gridcore.BillRequest(zj(), fields())
  const bad = new gridcore.BillRequest(zj(), fields({ usage: { readings: [{ register: 'total', start: '8500', end: '8200' }] } }))
  const pending = gridcore.billMany([good, good])
  assert.ok(pending instanceof Promise)
  assert.deepEqual((await pending).map((b) => b.total), ['168.40', '168.40'])
  await assert.rejects(gridcore.billMany([good, bad]), (e) => e.code === 'reading_backwards' && e.index === 1 && e.name === 'MeteringError')
  const mixed = await gridcore.billMany([good, bad], { errors: 'return' })
  assert.equal(mixed[0].total, '168.40')
  assert.ok(mixed[1] instanceof Error && mixed[1].code === 'reading_backwards')
  assert.throws(() => gridcore.billMany([good], { errors: 'ignore' }))
})

test('requests round-trip through JSON', () => {
  const r = new gridcore.BillRequest(zj(), fields())
  assert.equal(gridcore.BillRequest.fromJson(r.toJson()).toJson(), r.toJson())
  assert.equal(r.accountId, '3300012345')
  assert.equal(r.tariff.id, 'zj-residential-tiered-2026')
})

test('lateFee takes decimal strings and rejects numbers', () => {
  const fee = gridcore.lateFee({ customer_class: 'residential', arrears: '300.00', due_date: '2026-11-10', as_of: '2026-11-12' })
  assert.deepEqual([fee.days_late, fee.amount, fee.minimum_applied], [2, '1.00', true])
  throwsGridcore(() => gridcore.lateFee({ customer_class: 'residential', arrears: 300, due_date: '2026-11-10', as_of: '2026-11-12' }), {
    code: 'invalid_field',
    path: 'arrears',
  })
})
