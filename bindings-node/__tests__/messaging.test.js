'use strict'
// The messaging centre through the Node API: exact strings in, plain objects out, errors
// naming the variable, and the delivery plan.
const test = require('node:test')
const assert = require('node:assert/strict')
const { TemplateSet, renderNotice, planDelivery } = require('gridcore')

const values = { name: '张伟', account: '3300012345', period: '2026年11月', kwh: 300, amount: '168.40', due_date: '2026-12-15' }

test('bill notice SMS: signature, masking, length and parts', () => {
  const n = renderNotice(TemplateSet.builtin(), 'bill_notice', { channel: 'sms', locale: 'zh-CN', values })
  assert.equal(n.sms.text, '【国网浙江电力】尊敬的张*，您的户号******2345，2026年11月用电300千瓦时，电费168.40 元，请于2026年12月15日前缴纳。')
  assert.deepEqual([n.sms.length, n.sms.segments, n.sms.parts.map((p) => [...p].length)], [74, 2, [67, 7]])
})

test('values are checked and named; money never travels as a JS number', () => {
  const set = TemplateSet.builtin()
  const { due_date, ...missing } = values
  assert.throws(() => renderNotice(set, 'bill_notice', { channel: 'sms', locale: 'zh-CN', values: missing }), (e) => e.code === 'missing_value' && e.path === 'values.due_date')
  assert.throws(() => renderNotice(set, 'bill_notice', { channel: 'sms', locale: 'zh-CN', values: { ...values, amount: 168.4 } }), (e) => e.path === 'values.amount')
})

test('marketing after 21:00 waits for 08:00; service does not', () => {
  const consent = [{ channel: 'sms', service: true, marketing: true }]
  const plan = planDelivery({ channel: 'sms', category: 'marketing', consent, as_of: '2026-11-23T21:00:00' })
  assert.deepEqual([plan.action, plan.at, plan.reason], ['defer', '2026-11-24T08:00:00', 'quiet_hours'])
  assert.equal(planDelivery({ channel: 'sms', category: 'service', consent, as_of: '2026-11-23T23:30:00' }).action, 'send_now')
})
