'use strict'
// The customer model through the Node API: role views masked in the engine, confirmations,
// mood, tags, scores, batch profiles, segments and merges as plain objects.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const gridcore = require('gridcore')

test('customer views are masked in the engine; confirmations are exact at the day boundary', () => {
  const data = path.join(__dirname, '..', '..', 'examples', 'data', 'customer')
  const config = gridcore.CustomerConfig.fromFile(path.join(data, 'config.json'))
  const [zhang] = JSON.parse(require('node:fs').readFileSync(path.join(data, 'customers.json'), 'utf8'))
  const view = gridcore.customerView(config, zhang, 'call_centre')
  assert.deepEqual(view.fields.filter((f) => f.code === 'mobile').map((f) => [f.value, f.masked]), [['138****1234', true]])
  assert.ok(!JSON.stringify(view).includes('13812341234'))
  assert.deepEqual(gridcore.confirmationsRequired(config, zhang, 'counter_payment', '2026-11-23').map((c) => c.reason), ['stale', 'low_voltage_account_name'])
  assert.deepEqual(gridcore.confirmationsRequired(config, zhang, 'counter_payment', '2026-11-22').map((c) => c.reason), ['low_voltage_account_name'])
  assert.equal(gridcore.customerMood(config, zhang, '2026-11-23').level, 'unhappy')
  assert.deepEqual(gridcore.searchAttributes(config, '容量').map((m) => m.code), ['contract_capacity', 'operating_capacity'])
  assert.throws(() => gridcore.customerMood(config, zhang, '23/11/2026'), (e) => e.code === 'invalid_field' && e.path === 'as_of')
})

test('tags, scores, batch profiles, segments and merges as plain objects', () => {
  const data = path.join(__dirname, '..', '..', 'examples', 'data', 'customer')
  const config = gridcore.CustomerConfig.fromFile(path.join(data, 'config.json'))
  const [zhang, factory] = JSON.parse(require('node:fs').readFileSync(path.join(data, 'customers.json'), 'utf8'))
  const applied = gridcore.evaluateTags(config, zhang, '2026-11-23').filter((t) => t.applies).map((t) => t.code)
  assert.deepEqual(applied, ['punctual_payer', 'e_bill_user', 'complainer'])
  const s = gridcore.customerScore(config, zhang, 'value', '2026-11-23')
  assert.deepEqual([s.score, s.grade, s.contributions.map((c) => c.points)], ['64.00', 'B', ['31.00', '21.00', '12.00']])
  assert.deepEqual(gridcore.customerProfiles(config, [zhang, factory], '2026-11-23').map((p) => p.scores.map((x) => x.grade)), [['B', 'A'], ['A', 'A']])
  const seg = gridcore.segmentCustomers([zhang, factory, { ...zhang, customer_id: 'C0002' }], ['annual_kwh'], 2, 7, '2026-11-23')
  assert.deepEqual(seg.assignments.map((a) => a.segment), [1, 2, 1])
  const m = gridcore.mergeCustomers(zhang, { ...zhang, customer_id: 'C7777', since: '2010-01-01' })
  assert.deepEqual(m.conflicts.map((c) => c.field), ['customer_id', 'since'])
  assert.equal(m.primary.customer_id, 'C0001')
  assert.throws(() => gridcore.transitionTag({ ...JSON.parse(config.toJson()).tags[3] }, 'evaluating'), (e) => e.code === 'invalid_transition')
})
