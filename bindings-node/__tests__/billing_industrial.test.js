'use strict'
// Commercial and industrial billing through the Node API: exact decimal strings out,
// versions, comparison and what-if as plain objects, typed errors.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const gridcore = require('gridcore')

const TARIFFS = path.join(__dirname, '..', '..', 'examples', 'data', 'tariffs')
const file = (name) => gridcore.Tariff.fromFile(path.join(TARIFFS, `${name}.json`))
const flat = (price, id = 'flat') => gridcore.Tariff.fromObject({ id, name: { zh: '示例', en: 'Sample' }, energy: { flat: { price } } })
const NOV = { start: '2026-11-01', end: '2026-12-01' }

test('power factor line shows PF, standard and percentage as exact strings', () => {
  const b = gridcore.bill(new gridcore.BillRequest(flat('0.1'), {
    account: { account_id: 'F1', power_factor_standard: '0.90' },
    period: NOV,
    usage: { meter: { ct_ratio: '100' }, readings: [{ register: 'total', start: '1000', end: '2000' }, { register: 'reactive', start: '500', end: '1100' }] },
    as_of: '2026-12-01',
  }))
  const pf = b.lines.at(-1)
  assert.deepEqual([pf.code, pf.quantity, pf.unit_price, pf.amount], ['power_factor', '10000', '0.02', '200.00'])
  assert.deepEqual([pf.rule.power_factor, pf.rule.rounded, pf.rule.standard, pf.rule.percent], ['0.8575', '0.86', '0.90', '2'])
  assert.equal(b.total, '10200.00')
})

test('tariff versions split a bill and comparison and what-if return plain objects', () => {
  const split = gridcore.bill(new gridcore.BillRequest(flat('0.5', 'v1'), {
    account: { account_id: 'H1' }, period: NOV, as_of: '2026-12-01',
    usage: { readings: [{ register: 'total', start: '1000', end: '1300' }] },
    tariff_versions: [{ effective_from: '2026-11-16', tariff: flat('0.6', 'v2').toObject() }],
  }))
  assert.deepEqual(split.lines.map((l) => [l.amount, l.from, l.to]), [['75.00', '2026-11-01', '2026-11-16'], ['90.00', '2026-11-16', '2026-12-01']])

  const zj = file('zj-residential-tiered')
  const household = (period, ytd, kwh, extra = []) => new gridcore.BillRequest(zj, {
    account: { account_id: '3300012345' }, period, as_of: period.end, year_to_date_kwh: ytd,
    usage: { readings: [{ register: 'total', start: '1000', end: String(1000 + kwh) }, ...extra] },
  })
  const oct = gridcore.bill(household({ start: '2026-10-01', end: '2026-11-01' }, '2400', 200))
  const nov = gridcore.bill(household(NOV, '2600', 300))
  const c = gridcore.compare(oct, nov)
  assert.equal(c.difference, '60.80')
  assert.deepEqual(c.contributions.map((x) => [x.kind, x.amount]), [['usage', '53.80'], ['tier', '7.00']])
  assert.match(c.contributions[1].text.zh, /第2档|tier|各档/)

  const registers = [{ register: 'peak', start: '100', end: '280' }, { register: 'valley', start: '100', end: '220' }]
  const w = gridcore.whatIf(household(NOV, '2600', 300, registers), [file('zj-residential-tou')])
  assert.deepEqual(w.options.map((o) => [o.rank, o.tariff_id, o.total, o.saving]), [
    [1, 'zj-residential-tou-2026', '143.80', '24.60'], [2, 'zj-residential-tiered-2026', '168.40', '0.00']])

  const other = gridcore.Bill.fromJson(nov.toJson().replace('3300012345', '3300099999'))
  assert.throws(() => gridcore.compare(oct, other), (e) => e.code === 'account_mismatch' && e.path === 'after.account_id')
})
