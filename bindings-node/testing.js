'use strict'
// fast-check arbitraries for gridcore inputs, valid by construction (mirrors
// `gridcore::testing` in Rust and `gridcore.strategies` in Python). fast-check is an
// optional peer dependency: install it to use this module.
//
//   const fc = require('fast-check')
//   const { billRequestInputs } = require('gridcore/testing')
//   fc.assert(fc.property(billRequestInputs(), ({ tariff, fields }) => { ... }))

const fc = require('fast-check')

const PERIODS = ['critical_peak', 'peak', 'flat', 'valley']
const DAY_TYPES = ['workday', 'weekend', 'holiday']

/** An integer count of 10^-scale units as an exact decimal string. */
function decimal(units, scale) {
  const s = String(units).padStart(scale + 1, '0')
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`
}

/** A price in 元 with up to 6 decimals, 0 to `max`. */
const price = (max = 2) => fc.integer({ min: 0, max: max * 1e6 }).map((n) => decimal(n, 6))
/** An energy quantity with up to 4 decimals, 0 to `max` kWh. */
const kwh = (max = 2000) => fc.integer({ min: 0, max: max * 1e4 }).map((n) => decimal(n, 4))

/** A rounding policy: any mode and stage, 0 to 4 decimals. */
const roundingPolicy = () =>
  fc.record({
    scale: fc.integer({ min: 0, max: 4 }),
    mode: fc.constantFrom('half_up', 'half_even', 'down', 'up'),
    stage: fc.constantFrom('line', 'component'),
  })

/** Ascending whole-kWh tier bounds, at least 100 apart. */
const tierBounds = () =>
  fc.array(fc.integer({ min: 100, max: 3000 }), { minLength: 1, maxLength: 3 }).map((steps) => {
    let acc = 0
    return steps.map((s) => String((acc += s)))
  })

const hhmm = (slot, end) => (end && slot === 0 ? '24:00' : `${String(Math.floor(slot / 4)).padStart(2, '0')}:${String((slot % 4) * 15).padStart(2, '0')}`)

/** Slots covering 00:00–24:00 exactly once (a slot may wrap past midnight). */
const daySlots = () =>
  fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 95 }), { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom(...PERIODS), { minLength: 6, maxLength: 6 })).map(([cuts, periods]) => {
    cuts.sort((a, b) => a - b)
    if (cuts.length === 1) return [{ from: '00:00', to: '24:00', period: periods[0] }]
    return cuts.map((c, i) => ({ from: hhmm(c, false), to: hhmm(cuts[(i + 1) % cuts.length], true), period: periods[i] }))
  })

/** A schedule whose seasons partition the months and whose day schedules partition the day types. */
const timeOfUse = () =>
  fc
    .tuple(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }), fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }), fc.array(daySlots(), { minLength: 3, maxLength: 3 })), { minLength: 3, maxLength: 3 }))
    .map(([monthSeason, seasons]) => ({
      seasons: seasons
        .map(([dayGroup, slots], si) => ({
          months: [...Array(12).keys()].map((m) => m + 1).filter((m) => monthSeason[m - 1] === si),
          days: slots.map((s, gi) => ({ day_types: DAY_TYPES.filter((_, d) => dayGroup[d] === gi), slots: s })).filter((d) => d.day_types.length > 0),
        }))
        .filter((s) => s.months.length > 0),
    }))

const usedPeriods = (tou) => [...new Set(tou.seasons.flatMap((s) => s.days.flatMap((d) => d.slots.map((x) => x.period))))].sort((a, b) => PERIODS.indexOf(a) - PERIODS.indexOf(b))

/** A valid tariff document: any energy rate, 0–3 funds, 0–3 fixed charges, any rounding. */
const tariffDocument = () =>
  fc
    .record({
      variant: fc.constantFrom('flat', 'tiered', 'time_of_use', 'time_of_use_tiered'),
      flat: price(),
      cycle: fc.constantFrom('monthly', 'annual'),
      bounds: tierBounds(),
      prices: fc.array(price(), { minLength: 4, maxLength: 4 }),
      adders: fc.array(price(0.2), { minLength: 4, maxLength: 4 }),
      tou: timeOfUse(),
      funds: fc.array(price(0.2), { maxLength: 3 }),
      fixed: fc.array(fc.tuple(fc.constantFrom('per_bill', 'per_day', 'per_month'), price(20)), { maxLength: 3 }),
      rounding: roundingPolicy(),
    })
    .map((g) => {
      const uptos = [...g.bounds, undefined]
      const tiers = (key, values) => uptos.map((upto, i) => (upto === undefined ? { [key]: values[i % 4] } : { upto, [key]: values[i % 4] }))
      const touPrices = () => Object.fromEntries(usedPeriods(g.tou).map((p) => [p, g.prices[PERIODS.indexOf(p)]]))
      const energy = {
        flat: { flat: { price: g.flat } },
        tiered: { tiered: { cycle: g.cycle, tiers: tiers('price', g.prices) } },
        time_of_use: { time_of_use: { prices: touPrices() } },
        time_of_use_tiered: { time_of_use_tiered: { prices: touPrices(), cycle: g.cycle, tiers: tiers('adder', g.adders) } },
      }[g.variant]
      const doc = {
        id: `generated-${g.variant}`,
        name: { zh: '生成的电价', en: 'Generated tariff' },
        rounding: g.rounding,
        holidays: ['2026-10-01'],
        working_weekends: ['2026-10-10'],
        energy,
        funds: g.funds.map((p, i) => ({ code: `fund_${i}`, name: { zh: `基金${i}`, en: `Fund ${i}` }, price: p })),
        fixed_charges: g.fixed.map(([basis, amount], i) => ({ code: `fixed_${i}`, name: { zh: `固定费${i}`, en: `Fixed ${i}` }, basis, amount })),
      }
      if (g.variant.startsWith('time_of_use')) doc.time_of_use = g.tou
      return doc
    })

const isoDate = (d) => d.toISOString().slice(0, 10)

/** A period of 1 to `maxDays` days within 2026 (annual tiers never span two years). */
const period = (maxDays = 62) =>
  fc.tuple(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 1, max: maxDays })).map(([offset, days]) => {
    const start = new Date(Date.UTC(2026, 0, 1 + offset))
    const end = new Date(Math.min(Date.UTC(2026, 0, 1 + offset + days), Date.UTC(2027, 0, 1)))
    return { start: isoDate(start), end: isoDate(end) }
  })

/** Readings of every register `doc` bills (period registers for time-of-use, else total). */
const readingsFor = (doc) => {
  const registers = doc.time_of_use ? usedPeriods(doc.time_of_use) : ['total']
  // Integer units of 10^-4 kWh: the end reading is exact, no float arithmetic.
  const units = fc.tuple(fc.integer({ min: 0, max: 99999 * 1e4 }), fc.integer({ min: 0, max: 2000 * 1e4 }))
  return fc.array(units, { minLength: registers.length, maxLength: registers.length }).map((values) => ({
    readings: registers.map((register, i) => ({ register, start: decimal(values[i][0], 4), end: decimal(values[i][0] + values[i][1], 4) })),
  }))
}

/** Complete interval data for `p` at 15, 30 or 60 minutes. */
const intervalData = (p, minutes) => {
  const count = ((Date.parse(`${p.end}T00:00:00Z`) - Date.parse(`${p.start}T00:00:00Z`)) / 60000 / minutes) | 0
  return fc.array(kwh(50), { minLength: count, maxLength: count }).map((values) => ({
    intervals: {
      minutes,
      points: values.map((v, i) => ({ start: new Date(Date.parse(`${p.start}T00:00:00Z`) + i * minutes * 60000).toISOString().slice(0, 19), kwh: v })),
    },
  }))
}

/** `{tariff, fields}`: a tariff document and the other fields of a valid bill request. */
const billRequestInputs = () =>
  fc
    .tuple(tariffDocument(), period(), kwh(8000), fc.integer({ min: 0, max: 9 }))
    .chain(([tariff, p, ytd, late]) => {
      const days = (Date.parse(p.end) - Date.parse(p.start)) / 86400000
      const usage = days <= 7 ? fc.oneof(readingsFor(tariff), fc.constantFrom(15, 30, 60).chain((m) => intervalData(p, m))) : readingsFor(tariff)
      const asOf = isoDate(new Date(Date.parse(`${p.end}T00:00:00Z`) + late * 86400000))
      return usage.map((u) => ({ tariff, fields: { account: { account_id: '0000000001' }, period: p, usage: u, year_to_date_kwh: ytd, as_of: asOf } }))
    })

// --- The points centre ---------------------------------------------------------------

const EVENT_TYPES = ['bill_paid', 'e_bill_opted_in', 'auto_pay_enrolled', 'referral', 'generic']
const CHANNELS = ['app', 'counter', 'bank', 'wechat']
const TAGS = ['high_value', 'e_bill', 'auto_pay']
const DAY0 = Date.UTC(2026, 0, 1)
const dayOf = (n) => isoDate(new Date(DAY0 + n * 86400000))

const pointsRule = (code) =>
  fc
    .record({
      event: fc.constantFrom(...EVENT_TYPES),
      proportional: fc.boolean(),
      per: fc.constantFrom('1', '10', '12.5'),
      each: fc.integer({ min: 1, max: 5 }),
      fixed: fc.integer({ min: 1, max: 200 }),
      rounding: fc.constantFrom('down', 'half_up'),
      onTime: fc.boolean(),
      minAmount: fc.option(fc.record({ op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: fc.integer({ min: 0, max: 500 }).map(String) }), { nil: undefined }),
      channel: fc.option(fc.record({ op: fc.constantFrom('eq', 'ne'), value: fc.constantFrom(...CHANNELS) }), { nil: undefined }),
      tags: fc.option(fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      caps: fc.record({ per_day: fc.integer({ min: 1, max: 500 }), per_month: fc.integer({ min: 1, max: 500 }), per_year: fc.integer({ min: 1, max: 500 }) }, { requiredKeys: [] }),
      campaign: fc.option(fc.record({ start: fc.integer({ min: 0, max: 364 }), days: fc.integer({ min: 0, max: 60 }), multiplier: fc.constantFrom('1.5', '2', '3') }), { nil: undefined }),
      expires: fc.integer({ min: 1, max: 730 }),
      priority: fc.integer({ min: 0, max: 3 }),
      exclusive: fc.boolean(),
    })
    .map((r) => {
      const rule = { code, name: { zh: `规则${code}`, en: `Rule ${code}` }, event: r.event, expires_after_days: r.expires, priority: r.priority, exclusive: r.exclusive }
      rule.points = r.event === 'bill_paid' && r.proportional ? { of: 'amount', per: r.per, points: r.each, rounding: r.rounding } : { fixed: r.fixed }
      const when = []
      if (r.event === 'bill_paid' && r.onTime) when.push({ field: 'days_late', op: 'eq', value: '0' })
      if (r.event === 'bill_paid' && r.channel) when.push({ field: 'channel', ...r.channel })
      if (r.event === 'bill_paid' && r.minAmount) when.push({ field: 'amount', ...r.minAmount })
      if (r.event === 'generic') when.push({ field: 'name', op: 'eq', value: 'survey_completed' })
      if (when.length) rule.when = when
      if (r.tags) rule.tags_any = r.tags
      if (Object.keys(r.caps).length) rule.caps = r.caps
      if (r.campaign) rule.campaigns = [{ code: 'campaign', from: dayOf(r.campaign.start), to: dayOf(r.campaign.start + r.campaign.days), multiplier: r.campaign.multiplier }]
      return rule
    })

/** A valid points rule book (loads with `PointsRules.fromObject`); refunds never refuse. */
const pointsRules = () =>
  fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom('forgive', 'allow_negative'))
    .chain(([n, refund]) => fc.tuple(...Array.from({ length: n }, (_, i) => pointsRule(`r${i}`))).map((rules) => ({ rules, refund_shortfall: refund })))

/** A customer's stream of points events: distinct keys, dates that never go back,
 * amounts as decimal strings, refunds of earlier payments. */
const pointsEvents = (maxSize = 30) =>
  fc
    .array(
      fc.record({
        step: fc.integer({ min: 0, max: 20 }),
        type: fc.constantFrom(...EVENT_TYPES, 'bill_refunded'),
        cents: fc.integer({ min: 0, max: 200000 }),
        late: fc.integer({ min: 0, max: 10 }),
        channel: fc.constantFrom(...CHANNELS),
        pick: fc.nat(),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: maxSize },
    )
    .map((raw) => {
      let day = 0
      const payments = []
      const events = []
      raw.forEach((r, i) => {
        day += r.step
        const key = `ev-${i}`
        let event
        if (r.type === 'bill_paid') {
          event = { type: r.type, amount: decimal(r.cents, 2), due_date: dayOf(Math.max(0, day - r.late)), paid_date: dayOf(day), channel: r.channel }
          payments.push(key)
        } else if (r.type === 'bill_refunded') {
          if (!payments.length) return
          event = { type: r.type, payment_key: payments[r.pick % payments.length] }
        } else if (r.type === 'referral') event = { type: r.type, referred_customer_id: `C${1000 + (r.pick % 9000)}` }
        else if (r.type === 'generic') event = { type: r.type, name: r.pick % 2 ? 'survey_completed' : 'app_login', attributes: {} }
        else event = { type: r.type }
        events.push({ key, date: dayOf(day), customer_tags: r.tags, event })
      })
      return events
    })

/** An account for `AccountLedger` with any policy. */
const accountSetup = () =>
  fc
    .record({
      cls: fc.constantFrom('residential', 'non_residential'),
      order: fc.constantFrom('oldest_first', 'newest_first'),
      fee: fc.constantFrom('before_principal', 'after_principal'),
      exact: fc.boolean(),
      fundsFirst: fc.boolean(),
      rest: fc.constantFrom('other_bills', 'prepaid'),
    })
    .map((r) => ({
      account_id: '1100023456',
      customer_class: r.cls,
      policy: { order: r.order, late_fee: r.fee, exact_match_first: r.exact, components: r.fundsFirst ? ['funds', 'energy'] : [], named_bill_rest: r.rest },
    }))

const PAY_CHANNELS = ['counter', 'bank', 'app', 'wechat']
const pad = (n) => String(n).padStart(2, '0')
/** Minutes after 2026-10-01T00:00 as a local date-time string. */
function timeOf(minutes) {
  const t = new Date(Date.UTC(2026, 9, 1) + minutes * 60000)
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:00`
}

/** A stream of receivables operations for one account, in time order with distinct keys
 * (mirrors `gridcore::testing::payment_stream`): monthly bills, payments (partial, over,
 * some naming a bill), reversals, refunds, adjustments and write-offs. Some are refused
 * by the ledger, as in life. */
const paymentStream = (maxSize = 24) =>
  fc
    .record({
      bills: fc.array(fc.record({ energy: fc.integer({ min: 1, max: 59999 }), funds: fc.integer({ min: 0, max: 2999 }) }), { minLength: 1, maxLength: 4 }),
      events: fc.array(
        fc.record({ kind: fc.integer({ min: 0, max: 9 }), minute: fc.integer({ min: 0, max: 40 * 24 * 60 }), cents: fc.integer({ min: 1, max: 79999 }), pick: fc.nat() }),
        { maxLength: maxSize },
      ),
    })
    .map(({ bills, events }) => {
      const ops = []
      bills.forEach((b, m) => {
        const issued = timeOf(30 * m * 24 * 60).slice(0, 10)
        const month = timeOf(30 * m * 24 * 60 - 1).slice(0, 7)
        const bill = {
          bill_id: `B${m}`,
          bill_month: month,
          due_date: timeOf((30 * m + 14) * 24 * 60).slice(0, 10),
          amount: decimal(b.energy + b.funds, 2),
          components: [{ code: 'energy', amount: decimal(b.energy, 2) }, { code: 'funds', amount: decimal(b.funds, 2) }],
        }
        ops.push([`${issued}T00:00:00`, { op: 'issue', key: `issue-B${m}`, issued_on: issued, bill }])
      })
      const payments = []
      events.forEach((e, i) => {
        const at = timeOf(e.minute * 4 + 1)
        const key = `op-${i}`
        const billId = `B${e.pick % bills.length}`
        let op
        if (e.kind <= 5) {
          payments.push([key, at])
          op = { op: 'pay', key, channel: PAY_CHANNELS[e.pick % 4], txn_no: `T${i}`, amount: decimal(e.cents, 2), paid_at: at }
          if (e.kind === 5) op.bill_id = billId
        } else if (e.kind === 6 && payments.length) {
          const [p, paidAt] = payments[e.pick % payments.length]
          op = { op: 'reverse', key, payment_key: p, at: at > paidAt ? at : paidAt }
        } else if (e.kind === 7) op = { op: 'refund', key, amount: decimal((e.cents % 5000) + 1, 2), at, channel: 'counter', txn_no: `R${i}` }
        else if (e.kind === 8) op = { op: 'adjust', key, on: at.slice(0, 10), bill_id: billId, component: 'energy', amount: decimal((e.cents % 1000) + 1, 2) }
        else op = { op: 'write_off', key, on: at.slice(0, 10), bill_id: billId }
        ops.push([op.paid_at || op.at || `${op.on}T00:00:00`, op])
      })
      ops.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      return ops.map(([, op]) => op)
    })

module.exports = { accountSetup, paymentStream, price, kwh, roundingPolicy, tierBounds, timeOfUse, tariffDocument, period, readingsFor, intervalData, billRequestInputs, pointsRules, pointsEvents }
