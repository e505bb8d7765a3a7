'use strict'
// Tariff fidelity through the Node API: exact part months with their divisor, 上海
// time-of-use tiers, tier years across 1 January, tariffs with no energy rate, losses on
// their own lines and the late-fee policy. Figures are the conformance cases'.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const gridcore = require('gridcore')

const TARIFFS = path.join(__dirname, '..', '..', 'examples', 'data', 'tariffs')
const SH = gridcore.Tariff.fromFile(path.join(TARIFFS, 'sh-residential-tou.json'))

test('a part month bills the exact fraction and says so with its divisor', () => {
  const tariff = gridcore.Tariff.fromObject({ id: 'tp', name: { zh: '两部制', en: 'Two-part' }, energy: { flat: { price: '0.6' } }, basic_charge: { capacity_price: '26.3' } })
  const b = gridcore.bill(new gridcore.BillRequest(tariff, {
    account: { account_id: 'F1', basic_charge: { method: 'capacity', capacity_kva: '1000' } },
    period: { start: '2026-06-01', end: '2026-06-11' }, as_of: '2026-06-11',
    usage: { readings: [{ register: 'total', start: '0', end: '100' }] },
  }))
  const basic = b.lines.find((l) => l.component === 'basic')
  assert.deepEqual([basic.quantity, basic.divisor, basic.amount], ['10000', 30, '8766.67'])
  assert.deepEqual(basic.rule.months, { whole: 0, days: 10, of_days: 30 })
  assert.match(b.render(), /10000\/30 kVA·月/)
})

test('上海 tier × period lines and a bill cut at 1 January', () => {
  const b = gridcore.bill(new gridcore.BillRequest(SH, {
    account: { account_id: '3100067890' }, period: { start: '2026-12-15', end: '2027-01-15' }, as_of: '2027-01-15',
    usage: { readings: [{ register: 'peak', start: '1000', end: '1155' }, { register: 'valley', start: '1000', end: '1093' }] },
    new_year_readings: [{ register: 'peak', value: '1124' }, { register: 'valley', value: '1062' }],
    year_to_date_kwh: '3000', billing_month: '2027-01',
  }))
  assert.equal(b.total, '127.49')
  assert.equal(b.billing_month, '2027-01')
  assert.deepEqual(b.lines.map((l) => [l.code, l.from]), [
    ['energy.tier_1.peak', '2026-12-15'], ['energy.tier_1.valley', '2026-12-15'], ['energy.tier_2.peak', '2026-12-15'],
    ['energy.tier_2.valley', '2026-12-15'], ['energy.tier_1.peak', '2027-01-01'], ['energy.tier_1.valley', '2027-01-01']])
  assert.deepEqual([b.lines[2].rule.kind, b.lines[2].rule.period_kwh, b.lines[2].rule.billed_kwh], ['tier_period', '124', '186'])
})

test('a tariff without energy bills without usage; the late-fee policy crosses as strings', () => {
  const standby = gridcore.Tariff.fromObject({ id: 'sb', name: { zh: '备用', en: 'Standby' }, basic_charge: { capacity_price: '26.3' } })
  const b = gridcore.bill(new gridcore.BillRequest(standby, {
    account: { account_id: 'F1', basic_charge: { method: 'capacity', capacity_kva: '1000' } },
    period: { start: '2026-11-01', end: '2026-12-01' }, as_of: '2026-12-01',
  }))
  assert.deepEqual([b.total, b.usage.source], ['26300.00', 'unmetered'])
  const fee = gridcore.lateFee({ customer_class: 'non_residential', arrears: '10000.00', due_date: '2026-12-25', as_of: '2027-01-05', carried_over: 'every_late_day' })
  assert.equal(fee.amount, '330.00')
  assert.throws(() => gridcore.lateFee({ customer_class: 'non_residential', arrears: '1.00', due_date: '2026-11-10', as_of: '2026-11-20', bill_month: '2026-12' }),
    (e) => e.code === 'out_of_range' && e.path === 'bill_month')
})
