'use strict'
// What a Node user expects of any package (issue 18): objects that print their data,
// error classes for `instanceof`, nothing internal exported.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const util = require('node:util')
const gridcore = require('gridcore')

const TARIFFS = path.join(__dirname, '..', '..', 'examples', 'data', 'tariffs')
const zj = () => gridcore.Tariff.fromFile(path.join(TARIFFS, 'zj-residential-tiered.json'))
const request = (end = '8500') => new gridcore.BillRequest(zj(), {
  account: { account_id: '3300012345' },
  period: { start: '2026-11-01', end: '2026-12-01' },
  usage: { readings: [{ register: 'total', start: '8200', end }] },
  year_to_date_kwh: '2600',
  as_of: '2026-12-01',
})

test('console.log of a bill shows its fields; JSON.stringify gives the documented JSON', () => {
  const bill = gridcore.bill(request())
  const shown = util.inspect(bill, { depth: 4 })
  assert.match(shown, /^Bill \{/)
  assert.match(shown, /total: '168\.40'/)
  assert.match(shown, /account_id: '3300012345'/)
  assert.equal(util.inspect({ bill }, { depth: 0 }), '{ bill: [Bill] }')
  assert.deepEqual(JSON.parse(JSON.stringify(bill)), bill.toObject())
  assert.equal(JSON.parse(JSON.stringify(bill)).total, '168.40')
  assert.match(util.inspect(zj()), /^Tariff \{\s+id: 'zj-residential-tiered-2026'/)
  assert.match(util.inspect(request()), /^BillRequest \{ accountId: '3300012345'/)
  assert.match(util.inspect(new gridcore.Ledger('C1')), /^Ledger \{ customerId: 'C1', balance: 0 \}/)
})

test('errors are instances of GridcoreError and of their kind', async () => {
  const kinds = { TariffError: () => gridcore.Tariff.fromJson('{"id": "x"}'), MeteringError: () => gridcore.bill(request('8100')) }
  for (const [name, fail] of Object.entries(kinds)) {
    assert.throws(fail, (e) => {
      assert.ok(e instanceof gridcore.GridcoreError, name)
      assert.ok(e instanceof gridcore[name], name)
      assert.ok(e instanceof Error)
      for (const other of ['TariffError', 'RequestError', 'MeteringError', 'InternalError']) {
        if (other !== name) assert.ok(!(e instanceof gridcore[other]), `${name} is not ${other}`)
      }
      assert.equal(typeof e.code, 'string')
      assert.equal(typeof e.path, 'string')
      return true
    })
  }
  // From the worker thread of billMany too.
  const [ok, err] = await gridcore.billMany([request(), request('8100')], { errors: 'return' })
  assert.equal(ok.total, '168.40')
  assert.ok(err instanceof gridcore.MeteringError)
  assert.equal(err.path, 'usage.readings[0].end')
  // Other errors are not gridcore's.
  assert.ok(!(new Error('x') instanceof gridcore.GridcoreError))
  assert.ok(!(new TypeError('x') instanceof gridcore.TariffError))
  assert.ok(!(null instanceof gridcore.GridcoreError))
})

test('nothing internal is exported', () => {
  const internal = Object.keys(gridcore).filter((k) => /^Js[A-Z]/.test(k) || gridcore[k] === undefined)
  assert.deepEqual(internal, [])
})

test('a plain object where a gridcore object goes names the parameter', () => {
  const refused = (fn, message) => assert.throws(fn, (e) => {
    assert.ok(e instanceof TypeError)
    assert.equal(e.code, 'ERR_INVALID_ARG_TYPE')
    assert.match(e.message, message)
    assert.doesNotMatch(e.message, /napi|recover/)
    return true
  })
  const fields = { account: { account_id: '1' }, period: { start: '2026-11-01', end: '2026-12-01' }, year_to_date_kwh: '0', as_of: '2026-12-01' }
  refused(() => new gridcore.BillRequest({ id: 'zj' }, fields), /new BillRequest: the "tariff" argument must be a Tariff \(made by Tariff\.fromJson.*\), not an instance of Object/)
  refused(() => gridcore.bill({ tariff: zj() }), /bill: the "request" argument must be a BillRequest/)
  refused(() => gridcore.billMany([request(), {}]), /billMany: the "requests\[1\]" argument must be a BillRequest/)
  refused(() => gridcore.whatIf(request(), [zj(), 'zj']), /whatIf: the "tariffs\[1\]" argument must be a Tariff .*, not type string/)
  refused(() => gridcore.renderNotice(null, 'bill_notice', {}), /renderNotice: the "templates" argument must be a TemplateSet .*, not null/)
  refused(() => new gridcore.Ledger('C1').process({ rules: [] }, {}), /Ledger\.process: the "rules" argument must be a PointsRules/)
  // The real objects still go through, and the class keeps its statics and instanceof.
  assert.ok(request() instanceof gridcore.BillRequest)
  assert.equal(typeof gridcore.BillRequest.fromJson, 'function')
  assert.equal(gridcore.bill(request()).total, '168.40')
})

test('a JS number in a date field is explained as a date, in a decimal field as a float', () => {
  const fields = (over) => ({ account: { account_id: '1' }, period: { start: '2026-11-01', end: '2026-12-01' },
    usage: { readings: [{ register: 'total', start: '8200', end: '8500' }] }, year_to_date_kwh: '0', as_of: '2026-12-01', ...over })
  assert.throws(() => new gridcore.BillRequest(zj(), fields({ as_of: 20261201 })), (e) => {
    assert.equal(e.path, 'as_of')
    assert.match(e.reason, /date/)
    assert.doesNotMatch(e.reason, /money/)
    return true
  })
  assert.throws(() => new gridcore.BillRequest(zj(), fields({ year_to_date_kwh: 2600.5 })), (e) => {
    assert.equal(e.path, 'year_to_date_kwh')
    assert.match(e.reason, /JS number is not accepted for money or quantities/)
    return true
  })
})

test('a ledger needs a customer id; errors inside an operation name the field', () => {
  for (const id of ['', '  ', 'C\n1', 'C'.repeat(129)]) {
    assert.throws(() => new gridcore.Ledger(id), (e) => e instanceof gridcore.RequestError && e.path === 'customer_id')
  }
  const ledger = new gridcore.Ledger('C1')
  assert.throws(() => ledger.apply({ op: 'redeem', key: 'k', date: '2026-01-01', points: '1.0' }),
    (e) => e.path === 'operation.points' && /whole number/.test(e.reason))
})
