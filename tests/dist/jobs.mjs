// The README's three jobs, run against the installed npm tarball from outside the
// checkout (tests/dist/run.py): a tiered bill, a points award and redemption, an SMS.
import { BillRequest, Ledger, PointsRules, Tariff, TemplateSet, bill, renderNotice } from 'gridcore'

const tariff = Tariff.fromFile('data/zj-residential-tiered.json')
const b = bill(new BillRequest(tariff, {
  account: { account_id: '3300012345' },
  period: { start: '2026-11-01', end: '2026-12-01' },
  usage: { readings: [{ register: 'total', start: '8200', end: '8500' }] },
  year_to_date_kwh: '2600',
  as_of: '2026-12-01',
}))
console.log('bill', b.total)

const rules = PointsRules.fromFile('data/rules.json')
const ledger = new Ledger('C1')
const paid = ledger.process(rules, { key: 'pay-1', date: '2026-11-20', event: {
  type: 'bill_paid', amount: b.total, due_date: '2026-11-20', paid_date: '2026-11-20', channel: 'counter' } })
const redeemed = ledger.apply({ op: 'redeem', key: 'gift-7', date: '2026-12-10', points: 10 })
console.log('points', paid.balance, redeemed.balance)

const notice = renderNotice(TemplateSet.builtin(), 'bill_notice', { channel: 'sms', locale: 'zh-CN', values: {
  name: '张伟', account: '3300012345', period: '2026年11月', kwh: '300', amount: b.total, due_date: '2026-12-15' } })
console.log('sms', notice.sms.segments, notice.sms.text)
