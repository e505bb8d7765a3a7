/* The JSON-shaped types of gridcore, the same in every language (docs/tariff-format.md).
 * Money and quantities are exact decimal strings, never JS numbers. */

/** An exact decimal, e.g. `"168.40"` or `"0.538"`. */
export type DecimalString = string
/** A date, `"YYYY-MM-DD"`. */
export type DateString = string
/** A local civil date-time in the tariff's time zone, `"YYYY-MM-DDTHH:MM:SS"`. */
export type LocalDateTimeString = string

export interface Text { zh: string; en: string }
export type TouPeriod = 'critical_peak' | 'peak' | 'flat' | 'valley'
export type DayType = 'workday' | 'weekend' | 'holiday'
export type TierCycle = 'monthly' | 'annual'
export type Component = 'energy' | 'basic' | 'power_factor' | 'minimum' | 'fund' | 'fixed'
export type FixedBasis = 'per_bill' | 'per_day' | 'per_month'

export interface RoundingPolicy {
  scale: number
  mode: 'half_up' | 'half_even' | 'down' | 'up'
  stage: 'line' | 'component'
  quantity_scale: number
  threshold_scale: number
}

export interface Slot { from: string; to: string; period: TouPeriod }
export interface DaySchedule { day_types: DayType[]; slots: Slot[] }
export interface Season { name?: string; months: number[]; days: DaySchedule[] }
export interface TimeOfUse { seasons: Season[] }
export interface Tier { upto?: DecimalString; price: DecimalString }
/** A tier of a time-of-use tiered rate: an uplift on the base prices, or its own prices per period. */
export interface TierAdder { upto?: DecimalString; adder?: DecimalString; prices?: PeriodPrices }
export type PeriodPrices = Partial<Record<TouPeriod, DecimalString>>
/** Which year annual tiers count towards (default `calendar_year`: a bill must not cross 1 January). */
export type TierYear = 'calendar_year' | 'billing_month' | 'calendar_days'
export type EnergyRate =
  | { flat: { price: DecimalString } }
  | { tiered: { cycle: TierCycle; tier_year?: TierYear; tiers: Tier[] } }
  | { time_of_use: { prices: PeriodPrices } }
  | {
      time_of_use_tiered: {
        /** Base prices, with `adder` tiers. */
        prices?: PeriodPrices
        cycle: TierCycle
        tier_year?: TierYear
        /** `uplift` (default, 浙江) or `proportional` (上海: tier kWh shared among periods). */
        allocation?: 'uplift' | 'proportional'
        tiers: TierAdder[]
      }
    }
  | { agency: { components: PriceComponent[]; presentation: 'lines' | 'combined' } }
/** A named per-kWh component of an agency-purchase (代理购电) price. */
export interface PriceComponent { code: string; name: Text; price: DecimalString }
/** Basic charge prices of a two-part tariff: 元/kVA·月 and 元/kW·月. */
export interface BasicChargeRate {
  capacity_price?: DecimalString
  demand_price?: DecimalString
  /** Contract demand is billed while the actual demand is within this % of it (default "105"). */
  excess_threshold_percent?: DecimalString
  /** Demand above the threshold costs this many times the price (default "2"). */
  excess_multiplier?: DecimalString
  /** A contract below this % of the capacity in service is raised to it (default "40"). */
  contract_floor_percent?: DecimalString
}
export interface MinimumCharge { basis: FixedBasis; amount: DecimalString }
export interface Fund { code: string; name: Text; price: DecimalString }
export interface FixedCharge { code: string; name: Text; basis: FixedBasis; amount: DecimalString }

/** A tariff document. */
export interface TariffDocument {
  id: string
  name: Text
  rounding?: Partial<RoundingPolicy>
  holidays?: DateString[]
  working_weekends?: DateString[]
  time_of_use?: TimeOfUse
  /** Absent for a tariff that charges no energy (basic and fixed charges only). */
  energy?: EnergyRate
  /** Losses folded into billed kWh (`included`, default) or on their own lines (`separate`). */
  loss_presentation?: 'included' | 'separate'
  funds?: Fund[]
  fixed_charges?: FixedCharge[]
  basic_charge?: BasicChargeRate
  minimum_charge?: MinimumCharge
}

export type BasicMethod = 'capacity' | 'contract_demand' | 'actual_demand'
export interface CapacityChange { from: DateString; capacity_kva: DecimalString; reason: 'suspension' | 'reduction' | 'addition' | 'restoration' }
/** The account's two-part contract. */
export interface BasicChargeContract { method: BasicMethod; capacity_kva: DecimalString; contract_demand_kw?: DecimalString; capacity_changes?: CapacityChange[] }

export interface Account {
  account_id: string
  name?: string
  tier_extra_kwh?: DecimalString[]
  opened_on?: DateString
  closed_on?: DateString
  basic_charge?: BasicChargeContract
  power_factor_standard?: '0.90' | '0.85' | '0.80'
}
export interface Period { start: DateString; end: DateString }
export interface Meter { ct_ratio?: DecimalString; pt_ratio?: DecimalString; digits?: number }
export type Register = 'total' | TouPeriod | 'reactive'
export interface Reading { register: Register; start: DecimalString; end: DecimalString; rollover?: boolean; estimated?: boolean }
export interface IntervalPoint { start: LocalDateTimeString; kwh: DecimalString; kvarh?: DecimalString }
export interface IntervalData { minutes: 15 | 30 | 60; points: IntervalPoint[] }
export interface Loss { kind: 'transformer' | 'line'; fixed_kwh?: DecimalString; percent?: DecimalString }
export interface UsageInput { meter?: Meter; readings?: Reading[]; intervals?: IntervalData; losses?: Loss[]; max_demand?: DecimalString }
/** A tariff version taking effect inside the period (a price change). */
export interface RegisterValue { register: Register; value: DecimalString }
export interface TariffVersion { effective_from: DateString; tariff: TariffDocument; readings?: RegisterValue[] }
/** A billing month (电费年月), `"YYYY-MM"`. */
export type BillingMonthString = string

/** The fields of a bill request besides its tariff. */
export interface BillRequestFields {
  account: Account
  period: Period
  /** May be left out for a tariff that charges no energy. */
  usage?: UsageInput
  as_of: DateString
  year_to_date_kwh?: DecimalString
  holidays?: DateString[]
  /** Price changes inside the period; `tariff.toObject()` gives a version's document. */
  tariff_versions?: TariffVersion[]
  /** The billing month; required by `billing_month` annual tiers. */
  billing_month?: BillingMonthString
  /** Readings at 00:00 on 1 January, for a bill crossing it under `calendar_days` annual tiers. */
  new_year_readings?: RegisterValue[]
}

export interface RegisterUsage {
  register: Register
  start: DecimalString
  end: DecimalString
  rollover: boolean
  estimated: boolean
  advance: DecimalString
  kwh: DecimalString
  billed: boolean
}
export interface IntervalSummary { minutes: number; count: number }
export interface LossUsage { kind: 'transformer' | 'line'; fixed_kwh?: DecimalString; percent?: DecimalString; kwh: DecimalString }
export interface UsageSummary {
  source: 'readings' | 'intervals' | 'unmetered'
  multiplier: DecimalString
  registers?: RegisterUsage[]
  intervals?: IntervalSummary
  metered_kwh: DecimalString
  losses?: LossUsage[]
  billed_kwh: DecimalString
  by_period?: PeriodPrices
  estimated: boolean
  reactive_kvarh?: DecimalString
  max_demand_kw?: DecimalString
}
export interface MonthCount { whole: number; days: number; of_days: number }
export interface TierRule {
  kind: 'tier' | 'tier_uplift'
  cycle: TierCycle
  tier: number
  lower: DecimalString
  upper?: DecimalString
  from_kwh: DecimalString
  to_kwh: DecimalString
}
export type Rule =
  | { kind: 'flat_price' }
  | TierRule
  | { kind: 'time_of_use'; period: TouPeriod }
  | (Omit<TierRule, 'kind'> & { kind: 'tier_period'; period: TouPeriod; period_kwh: DecimalString; billed_kwh: DecimalString })
  | { kind: 'loss'; loss: 'transformer' | 'line' }
  | { kind: 'fund' }
  | { kind: 'fixed'; basis: FixedBasis; months?: MonthCount }
  | { kind: 'agency_component' }
  | { kind: 'agency_price'; components: { code: string; price: DecimalString }[] }
  | {
      kind: 'basic_charge'
      method: BasicMethod
      billed: DecimalString
      months: MonthCount
      capacity_kva: DecimalString
      contract_kw?: DecimalString
      demand_kw?: DecimalString
      excess: boolean
      excess_threshold_percent?: DecimalString
      excess_multiplier?: DecimalString
    }
  | {
      kind: 'power_factor'
      active_kwh: DecimalString
      reactive_kvarh: DecimalString
      power_factor: DecimalString
      rounded: DecimalString
      standard: DecimalString
      percent: DecimalString
    }
  | { kind: 'minimum_charge'; minimum: DecimalString; charges: DecimalString }
export interface LineItem {
  code: string
  component: Component
  description: Text
  quantity: DecimalString
  /** Days of the month when the line covers part of one: the quantity in `unit` is `quantity / divisor` exactly. */
  divisor?: number
  unit: 'kwh' | 'day' | 'month' | 'bill' | 'kva_month' | 'kw_month' | 'yuan'
  unit_price: DecimalString
  amount: DecimalString
  tier?: number
  period?: TouPeriod
  rule: Rule
  /** First day the line covers, when it covers part of the period. */
  from?: DateString
  /** Day after the last day the line covers, with `from`. */
  to?: DateString
}
export interface Subtotal { component: Component; amount: DecimalString }
export interface BillPeriod { start: DateString; end: DateString; days: number }
/** An explained bill as a plain object (`bill.toObject()`), the JSON form. */
export interface BillObject {
  account_id: string
  tariff_id: string
  tariff_name: Text
  period: BillPeriod
  issued_on: DateString
  billing_month?: BillingMonthString
  usage: UsageSummary
  lines: LineItem[]
  subtotals: Subtotal[]
  total: DecimalString
  rounding: RoundingPolicy
  notes?: Text[]
}

/** What is owed and since when, for `lateFee`. */
export interface LateFeeRequest {
  customer_class: 'residential' | 'non_residential'
  arrears: DecimalString
  /** The last day on which payment was on time. */
  due_date: DateString
  /** The day of payment, or the day the fee is computed for. */
  as_of: DateString
  /** The billing month the arrears were billed for: its year is the arrears' year (default: the due date's). */
  bill_month?: BillingMonthString
  /** 3‰ from 1 January (`from_new_year`, default) or on every late day once carried over. */
  carried_over?: 'from_new_year' | 'every_late_day'
}
export interface LateFeeLine { first_day: DateString; last_day: DateString; days: number; daily_rate: DecimalString; amount: DecimalString }
/** A late-payment penalty (电费违约金), one line per daily rate, at least 1 元 when late. */
export interface LateFee { arrears: DecimalString; days_late: number; lines: LateFeeLine[]; minimum_applied: boolean; amount: DecimalString }

export type ContributionKind = 'usage' | 'days' | 'tier' | 'price' | 'demand' | 'adjustment' | 'line_added' | 'line_removed' | 'rounding'
export interface Contribution { kind: ContributionKind; amount: DecimalString; codes: string[]; text: Text }
export interface BillSummary { period: BillPeriod; tariff_id: string; billed_kwh: DecimalString; total: DecimalString }
/** The difference between two bills of one account; contributions sum to it exactly. */
export interface Comparison { account_id: string; before: BillSummary; after: BillSummary; difference: DecimalString; contributions: Contribution[] }
export interface WhatIfOption { rank: number; tariff_id: string; tariff_name: Text; current: boolean; total: DecimalString; saving: DecimalString; bill: BillObject }
/** One usage under several tariffs, cheapest first. */
export interface WhatIf { account_id: string; current_tariff_id: string; options: WhatIfOption[] }

// ── URDB rates and annual bills (docs/urdb.md) ──
/** A year of hourly kWh: SAM's calendar (`calendar: 'sam'`) or a real `year`. */
export interface AnnualRequest {
  calendar?: 'sam'
  year?: number
  hourly_kwh: DecimalString[]
  holidays?: string[]
  allocation?: 'proportional' | 'chronological'
  amounts?: 'rounded' | 'unrounded'
}
export interface AnnualShare { tier_kwh: DecimalString; period_kwh: DecimalString; month_kwh: DecimalString }
export interface AnnualLine {
  code: string
  component: 'energy' | 'demand' | 'fixed' | 'minimum'
  period?: number
  tier?: number
  quantity: DecimalString
  unit: 'kwh' | 'kw' | 'day' | 'month' | 'usd'
  price: DecimalString
  amount: DecimalString
  share?: AnnualShare
}
export interface MonthBill {
  month: number; days: number; kwh: DecimalString; peak_kw: DecimalString; lines: AnnualLine[]
  energy: DecimalString; demand: DecimalString; fixed: DecimalString; minimum: DecimalString; total: DecimalString
}
/** Twelve monthly bills under a URDB rate and the year's total (USD). */
export interface AnnualBill {
  rate: string; utility: string; currency: 'USD'; calendar: string; allocation: 'proportional' | 'chronological'
  rounding: { scale: number; mode: 'half_up' }; months: MonthBill[]
  energy: DecimalString; demand: DecimalString; fixed: DecimalString; minimum: DecimalString; total: DecimalString
}

// ── customer information model ──
export type CustomerClass = 'residential' | 'non_residential'
export interface UsagePoint { usage_point_id: string; meter_id?: string }
export interface CustomerAgreement { tariff_id: string; contract_capacity_kva?: DecimalString; operating_capacity_kva?: DecimalString; contract_demand_kw?: DecimalString }
export interface CustomerAccount {
  account_id: string
  account_name: string
  voltage: 'low' | 'high'
  centralised_meter_box?: boolean
  address?: string
  usage_points?: UsagePoint[]
  agreement?: CustomerAgreement
  arrears?: DecimalString
  annual_kwh?: DecimalString
}
export interface Contact { kind: 'mobile' | 'phone' | 'email' | 'wechat'; value: string; source: string; confirmed_on: DateString; for_notices?: boolean }
export type EventKind = 'contact' | 'complaint' | 'repair' | 'payment' | 'praise'
export type Outcome = 'resolved' | 'unresolved' | 'on_time' | 'late'
export interface ServiceEvent { date: DateString; kind: EventKind; outcome?: Outcome; amount?: DecimalString; note?: string }
/** A customer (CIM Customer) with accounts, contacts and service history. */
export interface Customer {
  customer_id: string
  name: string
  customer_class: CustomerClass
  id_number?: string
  since: DateString
  accounts?: CustomerAccount[]
  contacts?: Contact[]
  /** When each attribute group was last confirmed. */
  confirmations?: Record<string, DateString>
  history?: ServiceEvent[]
  e_bill?: boolean
  auto_pay?: boolean
}
export type Mask = 'none' | 'phone' | 'name' | 'account' | 'id_number'
/** The customer configuration document (docs/customer-model.md). */
export interface CustomerConfigDocument {
  attributes: { code: string; name: Text; group: string; path: string; synonyms?: string[]; pinyin?: string }[]
  roles?: { role: string; name: Text; attributes: { code: string; mask?: Mask }[] }[]
  freshness?: {
    groups?: { group: string; name: Text; validity_days: number }[]
    businesses?: { business: string; name: Text; groups?: string[]; low_voltage_account_name?: boolean; centralised_meter_box_contact?: boolean }[]
  }
  tags?: TagDefinition[]
  scores?: ScoreModel[]
  mood?: {
    window_days: number
    rules: { kind: EventKind; outcome?: Outcome; points: number }[]
    levels: { level: 'happy' | 'neutral' | 'unhappy'; min_points: number }[]
  }
}
export interface ViewField { code: string; name: Text; path: string; value: string; masked: boolean }
export interface CustomerView { customer_id: string; role: string; fields: ViewField[] }
export interface AttributeMatch { code: string; name: Text; group: string; path: string; score: number; matched_by: 'name' | 'synonym' | 'pinyin' | 'english' | 'code' }
export interface Confirmation {
  group: string
  reason: 'never_confirmed' | 'stale' | 'low_voltage_account_name' | 'centralised_meter_box_contact'
  account_id?: string
  last_confirmed?: DateString
  due_on?: DateString
  text: Text
}
export type Fact =
  | 'tenure_years'
  | 'payments_12m'
  | 'late_payments_12m'
  | 'arrears'
  | 'annual_kwh'
  | 'contract_capacity_kva'
  | 'complaints_12m'
  | 'unresolved_complaints_12m'
  | 'repairs_12m'
  | 'e_bill'
  | 'auto_pay'
  | 'high_voltage'
  | 'residential'
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: Fact; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: DecimalString | boolean }
export type TagState = 'draft' | 'online' | 'evaluating' | 'optimised' | 'offline'
export interface TagDefinition { code: string; name: Text; version: number; state: TagState; rule: Condition }
export interface ScoreModel {
  code: string
  name: Text
  factors: { fact: Fact; weight: DecimalString; min: DecimalString; max: DecimalString; inverse?: boolean }[]
  grades: { grade: string; min_score: DecimalString }[]
}
export interface TagResult { code: string; name: Text; version: number; state: TagState; applies: boolean; reason: string }
export interface Score { model: string; score: DecimalString; grade: string; contributions: { fact: Fact; value: DecimalString; weight: DecimalString; points: DecimalString }[] }
export interface Profile { customer_id: string; tags: string[]; scores: { model: string; score: DecimalString; grade: string }[] }
export interface Segmentation { features: Fact[]; segments: { segment: number; size: number; centre: DecimalString[] }[]; assignments: { customer_id: string; segment: number }[] }
/** A merge: the merged customer, the conflicts, and both originals (unmerge = take them back). */
export interface Merge { customer: Customer; conflicts: { field: string; kept: string; dropped: string }[]; primary: Customer; other: Customer }
export interface MoodEvent { index: number; date: DateString; kind: EventKind; outcome?: Outcome; points: number }
export interface Mood { level: 'happy' | 'neutral' | 'unhappy'; points: number; from: DateString; to: DateString; events: MoodEvent[]; text: Text }

/**
 * Every error gridcore throws: a JS `Error` with stable `code` and `path`.
 * `e instanceof GridcoreError` (or one of the four kinds below) tells them from other
 * errors; the classes recognise errors by `name` and `code`, so errors thrown on a
 * worker thread (`billMany`) are recognised too.
 */
export declare class GridcoreError extends Error {
  readonly name: 'TariffError' | 'RequestError' | 'MeteringError' | 'InternalError'
  readonly kind: 'tariff' | 'request' | 'metering' | 'internal'
  /** Stable snake_case reason, e.g. `"tiers_not_ascending"`. */
  readonly code: string
  /** JSON path of the offending field, e.g. `"tariff.energy.tiered.tiers[1].upto"`. */
  readonly path: string
  /** What is wrong, in plain words. */
  readonly reason: string
  /** In `billMany`, the position of the failed request. */
  readonly index?: number
}
/** The tariff document is invalid (`kind: 'tariff'`). */
export declare class TariffError extends GridcoreError { readonly name: 'TariffError'; readonly kind: 'tariff' }
/** The request is invalid (`kind: 'request'`). */
export declare class RequestError extends GridcoreError { readonly name: 'RequestError'; readonly kind: 'request' }
/** The meter data is inconsistent (`kind: 'metering'`). */
export declare class MeteringError extends GridcoreError { readonly name: 'MeteringError'; readonly kind: 'metering' }
/** A bug in gridcore, never the caller's fault (`kind: 'internal'`). */
export declare class InternalError extends GridcoreError { readonly name: 'InternalError'; readonly kind: 'internal' }

// The points centre (docs/points.md).
//
// Points and balances are whole numbers within ±10^15 (the engine refuses more), so a JS
// number holds every one exactly (Number.MAX_SAFE_INTEGER is about 9.007 × 10^15): they
// are `number`, not `bigint`. Operations also accept points as a string of digits
// ("100"), as every whole-number field of the format does.
export type PointsEventType = 'bill_paid' | 'e_bill_opted_in' | 'auto_pay_enrolled' | 'bill_refunded' | 'referral' | 'generic'
export type PointsEventBody =
  | { type: 'bill_paid'; amount: DecimalString; due_date: DateString; paid_date: DateString; channel: string }
  | { type: 'e_bill_opted_in' }
  | { type: 'auto_pay_enrolled' }
  | { type: 'bill_refunded'; payment_key: string }
  | { type: 'referral'; referred_customer_id: string }
  | { type: 'generic'; name: string; attributes?: Record<string, string> }
export interface PointsEvent { key: string; date: DateString; customer_tags?: string[]; event: PointsEventBody }
export type Shortfall = 'refuse' | 'forgive' | 'allow_negative'
export interface FieldCondition { field: string; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: string }
export type PointsFormula = { fixed: number } | { of: string; per: DecimalString; points: number; rounding?: 'down' | 'half_up' }
export interface PointsRule {
  code: string
  name: Text
  event: Exclude<PointsEventType, 'bill_refunded'>
  when?: FieldCondition[]
  tags_any?: string[]
  points: PointsFormula
  expires_after_days: number
  caps?: { per_day?: number; per_month?: number; per_year?: number }
  campaigns?: { code: string; from: DateString; to: DateString; multiplier: DecimalString }[]
  priority?: number
  exclusive?: boolean
}
export interface PointsRulesDocument { rules: PointsRule[]; refund_shortfall?: Shortfall }
export type LedgerOperation =
  | { op: 'award'; key: string; date: DateString; points: number | string; expires_on: DateString; rule?: string; reason?: string }
  | { op: 'redeem'; key: string; date: DateString; points: number | string; reason?: string }
  | { op: 'reverse'; key: string; date: DateString; award_key: string; shortfall?: Shortfall; reason?: string }
  | { op: 'expire'; key: string; as_of: DateString }
export type EntryKind = 'award' | 'redeem' | 'expire' | 'reverse' | 'event'
export interface LedgerEntry {
  seq: number
  key: string
  date: DateString
  kind: EntryKind
  points: number
  lot: number
  expires_on?: DateString
  rule?: string
  reverses?: string
  reason?: string
  /** Canonical JSON of the operation or event, on the first entry it wrote. */
  operation?: string
}
export interface Lot { lot: number; key: string; awarded: number; remaining: number; expires_on: DateString }
export interface PointsOutcome { key: string; replayed: boolean; entries: LedgerEntry[]; balance: number }

// The payments centre (docs/payments.md). Amounts are exact decimal strings (元).
export interface AccountSetup {
  account_id: string
  customer_class: 'residential' | 'non_residential'
  policy?: {
    order?: 'oldest_first' | 'newest_first'
    late_fee?: 'before_principal' | 'after_principal'
    exact_match_first?: boolean
    components?: string[]
    named_bill_rest?: 'other_bills' | 'prepaid'
  }
}
export interface Receivable { bill_id: string; bill_month: string; due_date: DateString; amount: DecimalString; components?: { code: string; amount: DecimalString }[] }
export type PaymentOperation =
  | { op: 'issue'; key: string; issued_on: DateString; bill: Receivable }
  | { op: 'pay'; key: string; channel: string; txn_no: string; amount: DecimalString; paid_at: LocalDateTimeString; bill_id?: string }
  | { op: 'reverse'; key: string; payment_key: string; at: LocalDateTimeString; reason?: string }
  | { op: 'refund'; key: string; amount: DecimalString; at: LocalDateTimeString; channel: string; txn_no: string; payment_key?: string }
  | { op: 'write_off'; key: string; on: DateString; bill_id: string; reason?: string }
  | { op: 'adjust'; key: string; on: DateString; bill_id: string; component: string; amount: DecimalString; reason?: string }
export type PaymentEntryKind = 'bill_issued' | 'payment' | 'allocation' | 'late_fee' | 'refund' | 'reversal' | 'write_off' | 'adjustment'
export interface PaymentEntry {
  seq: number
  key: string
  kind: PaymentEntryKind
  amount: DecimalString
  at: LocalDateTimeString
  bill_id?: string
  component?: string
  source?: string
  reason?: Text
  /** Canonical JSON of the operation, on the first entry it wrote. */
  operation?: string
}
export interface PaymentOutcome { key: string; replayed: boolean; entries: PaymentEntry[]; amount_due: DecimalString; prepaid: DecimalString }
export interface ArrearsItem {
  bill_id: string
  bill_month: string
  due_date: DateString
  components: { code: string; billed: DecimalString; open: DecimalString }[]
  principal: DecimalString
  late_fee_assessed: DecimalString
  late_fee_to_date: DecimalString
  amount_due: DecimalString
  days_overdue: number
}
export interface Arrears { account_id: string; as_of: DateString; items: ArrearsItem[]; principal: DecimalString; late_fee: DecimalString; amount_due: DecimalString; prepaid: DecimalString; days_overdue: number }
export interface PaymentEvents { points: PointsEvent[]; notice: Record<string, string> }
export interface Booked { channel: string; txn_no: string; key: string; kind: 'payment' | 'refund'; amount: DecimalString; at: LocalDateTimeString; reversed?: boolean }
export type SettlementLayout =
  | { layout: 'wechat'; channel?: string }
  | {
      layout: 'csv'
      columns: { txn_no: string; amount: string; time: string; status?: string; channel?: string; refund_no?: string }
      delimiter?: string
      header?: boolean
      channel?: string
      amount_unit?: 'yuan' | 'fen'
      time_format?: string
      status_values?: Record<string, 'success' | 'refund' | 'revoked'>
      totals_label?: string
    }
export type ReconStatus = 'matched' | 'amount_mismatch' | 'missing_in_engine' | 'missing_in_file' | 'duplicate' | 'status_mismatch' | 'not_yet_settled'
export interface ReconItem { status: ReconStatus; channel: string; txn_no: string; kind: 'payment' | 'refund'; line: number | null; file_amount: DecimalString | null; engine_amount: DecimalString | null; key: string | null; note: Text }
export interface StatusTotal { status: ReconStatus; count: number; file_amount: DecimalString; engine_amount: DecimalString }
export interface ChannelTotal { channel: string; status: ReconStatus; count: number; file_amount: DecimalString; engine_amount: DecimalString }
export interface Reconciliation {
  items: ReconItem[]
  totals: StatusTotal[]
  by_channel: ChannelTotal[]
  malformed: { line: number; reason: string }[]
  file_rows: number
  file_payments: DecimalString
  file_refunds: DecimalString
}

// The messaging centre (docs/messaging.md).
export type Channel = 'sms' | 'wechat' | 'push' | 'email'
export type Category = 'service' | 'marketing'
export type Locale = 'zh-CN' | 'en'
export type VarType = 'text' | 'amount' | 'date' | 'datetime' | 'phone' | 'name' | 'account'
export interface Variable { name: string; type: VarType; max_len?: number; masked?: boolean }
export type WechatKind = 'thing' | 'phrase' | 'amount' | 'date' | 'character_string'
export interface NoticeTemplate {
  code: string
  name: Text
  channel: Channel
  category: Category
  locale: Locale
  variables: Variable[]
  sms?: { text: string }
  wechat?: { template_id: string; fields: { key: string; kind: WechatKind; value: string }[]; overlong?: 'error' | 'truncate' }
  push?: { title: string; body: string }
  email?: { subject: string; html: string }
}
export interface TemplateSetDocument {
  sms: { signature: string; opt_out: string; variable_max?: number }
  push?: { title_max: number; body_max: number }
  templates: NoticeTemplate[]
}
export interface SmsMessage { text: string; length: number; segments: number; parts: string[] }
export interface WechatMessage { template_id: string; fields: { key: string; value: string; truncated: boolean }[] }
export interface Notice {
  code: string
  channel: Channel
  category: Category
  locale: Locale
  sms?: SmsMessage
  wechat?: WechatMessage
  push?: { title: string; body: string }
  email?: { subject: string; html: string }
}
export interface Consent { channel: Channel; service: boolean; marketing: boolean }
export interface SentNotice { channel: Channel; category: Category; at: LocalDateTimeString }
export interface DeliveryPolicy { marketing_hours: { start: string; end: string }; marketing_per_day: number; marketing_per_week: number }
export interface DeliveryRequest { channel: Channel; category: Category; consent: Consent[]; history?: SentNotice[]; as_of: LocalDateTimeString; policy?: DeliveryPolicy }
export interface Delivery { action: 'send_now' | 'defer' | 'suppress'; at?: LocalDateTimeString; reason: string; text: Text }

/** One earlier month of the account, for the e-bill's history chart. */
export interface PastMonth { month: string; kwh: string; amount: string }
/** The payment status, as the payments system reports it. */
export interface PaymentStatus {
  state: 'unpaid' | 'partly_paid' | 'paid' | 'overdue'
  paid?: string; paid_on?: string; amount_due?: string; late_fee?: string; prepaid?: string
}
/** How a utility brands its e-bills; `template`/`counter_template` replace the pages. */
export interface EbillStyle { brand?: string; primary?: string; accent?: string; footer?: string; template?: string; counter_template?: string }
/** What an e-bill shows besides the bill, and how. */
export interface EbillOptions {
  locale?: 'zh-CN' | 'zh' | 'en'
  view?: 'customer' | 'counter'
  history?: PastMonth[]
  comparison?: Comparison
  due_date?: string
  payment?: PaymentStatus
  points_balance?: number | string
  style?: EbillStyle
}

/**
 * Which binding artifact the generated loader actually loaded: `'native'` for
 * a native addon, otherwise the `platformArchABI` of the WASI flavor. Every
 * flavor napi-rs can build is listed, because `NAPI_RS_NATIVE_LIBRARY_PATH`
 * can point the loader at a WASI artifact this package does not build itself.
 */
export declare const __napiBindingTarget: 'native' | 'wasm32-wasi' | 'wasm32-wasip1'

/**
 * An account's receivables ledger: bills, payments allocated by the account's policy,
 * late fees as of the payment day, prepaid money, reversals and refunds, as append-only
 * entries with idempotency keys. Store `entries()` (or `toJson()`) and load with
 * `AccountLedger.fromJson`.
 */
export declare class AccountLedger {
  /** An empty ledger for an account (`{account_id, customer_class, policy?}`). */
  constructor(account: AccountSetup)
  /** A stored ledger from its JSON form, checked by replaying its operations. */
  static fromJson(json: string): AccountLedger
  /** The account. */
  get accountId(): string
  /** The amount due (principal and assessed late fees), an exact decimal string. */
  get amountDue(): DecimalString
  /** The unapplied (prepaid) money, an exact decimal string. */
  get prepaid(): DecimalString
  /** The entries, in the order written. */
  entries(): PaymentEntry[]
  /** Applies an operation (`{op: 'issue' | 'pay' | 'reverse' | 'refund' | 'write_off' | 'adjust', …}`), exactly once per key. */
  apply(operation: PaymentOperation): PaymentOutcome
  /** The arrears as of a date: open bills, late fee to date, prepaid, days overdue. */
  arrears(asOf: DateString): Arrears
  /** A payment's points events (for `Ledger.process`) and `payment_received` notice values. */
  paymentEvents(paymentKey: string): PaymentEvents
  /** The payments and refunds booked, for `reconcileFile`. */
  booked(): Booked[]
  /** The ledger as JSON text. */
  toJson(): string
}

/**
 * An explained bill. Its getters are the fields of the JSON form (`total`,
 * `lines[0].amount`, …; decimals as exact strings), converted when read, so a batch of
 * bills costs nothing until it is used. `toObject()` (also `toJSON()`, so
 * `JSON.stringify(bill)` works) gives the whole bill as a plain object.
 */
export declare class Bill {
  /** 户号. */
  get account_id(): string
  /** The tariff billed under. */
  get tariff_id(): string
  /** The tariff's name. */
  get tariff_name(): Text
  /** The period billed. */
  get period(): BillPeriod
  /** The request's `as_of`, `"YYYY-MM-DD"`. */
  get issued_on(): string
  /** The request's billing month, `"YYYY-MM"`, when it gave one. */
  get billing_month(): string | null
  /** Quantities and how they were derived. */
  get usage(): UsageSummary
  /** Lines: energy, then funds, then fixed charges. A new array on every read. */
  get lines(): LineItem[]
  /** One subtotal per component present. */
  get subtotals(): Subtotal[]
  /** Sum of the subtotals, e.g. `"168.40"`. */
  get total(): string
  /** The rounding policy applied. */
  get rounding(): RoundingPolicy
  /** Remarks a clerk should see (empty when there are none). */
  get notes(): Text[]
  /** The whole bill as a plain object in the JSON form. */
  toObject(): BillObject
  /** Same as `toObject()`; makes `JSON.stringify(bill)` give the JSON form. */
  toJSON(): BillObject
  /** The bill as JSON text. */
  toJson(): string
  /** Reads a bill back from its JSON text. */
  static fromJson(json: string): Bill
  /** The bill as a table with Chinese and English labels. */
  render(): string
}

/** Everything needed to compute one bill: a tariff plus the account, period and usage. */
export declare class BillRequest {
  /**
   * Builds a request from a tariff and the other fields in the JSON format
   * (`account`, `period`, `usage`, `as_of`, `year_to_date_kwh`, `holidays`).
   */
  constructor(tariff: Tariff, fields: BillRequestFields)
  /** Parses a request (with its tariff document) from JSON text. */
  static fromJson(json: string): BillRequest
  /** The account number (户号). */
  get accountId(): string
  /** The tariff the request bills under. */
  get tariff(): Tariff
  /** The request as JSON text (with its tariff document). */
  toJson(): string
}

/**
 * A validated customer configuration: attribute catalog, role views, freshness and mood
 * rules.
 */
export declare class CustomerConfig {
  /** Validates a configuration given as an object. */
  static fromObject(doc: CustomerConfigDocument): CustomerConfig
  /** Parses and validates a configuration from JSON text. */
  static fromJson(json: string): CustomerConfig
  /** Reads, parses and validates a configuration from a JSON file. */
  static fromFile(path: string): CustomerConfig
  /** The configuration as JSON text. */
  toJson(): string
}

/**
 * A customer's points ledger: append-only entries with idempotency keys. `process` runs
 * an event through a rule book; `apply` awards, redeems, reverses or expires directly.
 * Store `entries()` (or `toJson()`) and load with `Ledger.fromJson`.
 */
export declare class Ledger {
  /**
   * An empty ledger (a `RequestError` when the customer id is blank, over 128
   * characters or holds a control character).
   */
  constructor(customerId: string)
  /** A stored ledger from its JSON form, checked entry by entry. */
  static fromJson(json: string): Ledger
  /** Whose points. */
  get customerId(): string
  /**
   * The balance: the sum of the entries. Balances are bounded by ±10^15 points (the
   * core refuses more), so a JS number holds every balance exactly.
   */
  get balance(): number
  /** The entries, in order. */
  entries(): LedgerEntry[]
  /** Every lot with what is left of it. */
  lots(): Lot[]
  /** Points usable on a day: left in lots that have not expired by then, less points owed. */
  usable(on: DateString): number
  /** Runs an event through the rule book, exactly once per event key. */
  process(rules: PointsRules, event: PointsEvent): PointsOutcome
  /** Applies an operation (`{op: 'award' | 'redeem' | 'reverse' | 'expire', …}`). */
  apply(operation: LedgerOperation): PointsOutcome
  /** The ledger as JSON text (`{"customer_id": …, "entries": […]}`). */
  toJson(): string
}

/**
 * A validated points rule book. Build one with `PointsRules.fromObject`, `fromJson` or
 * `fromFile`; share it across ledgers.
 */
export declare class PointsRules {
  /** Validates a rule book given as an object (decimals as strings). */
  static fromObject(doc: PointsRulesDocument): PointsRules
  /** Parses and validates a rule book from JSON text. */
  static fromJson(json: string): PointsRules
  /** Reads, parses and validates a rule book from a JSON file. */
  static fromFile(path: string): PointsRules
  /** The rule book as JSON text. */
  toJson(): string
}

/**
 * A validated tariff. Build one with `Tariff.fromObject`, `Tariff.fromJson` or
 * `Tariff.fromFile`; share it across many requests.
 */
export declare class Tariff {
  /** Validates a tariff given as an object in the JSON format (decimals as strings). */
  static fromObject(doc: TariffDocument): Tariff
  /** Parses and validates a tariff from JSON text. */
  static fromJson(json: string): Tariff
  /** Reads, parses and validates a tariff from a JSON file. */
  static fromFile(path: string): Tariff
  /** The tariff's identifier. */
  get id(): string
  /** The tariff's name in Chinese and English. */
  get name(): Text
  /** The tariff's document as JSON text. */
  toJson(): string
  /** The tariff's document as an object (decimals as strings). */
  toObject(): TariffDocument
}

/**
 * A validated set of notice templates. `TemplateSet.builtin()` has the bill notice,
 * arrears reminder, payment received, points awarded and outage notice, and an e-bill
 * invitation (marketing).
 */
export declare class TemplateSet {
  /** The built-in templates. */
  static builtin(): TemplateSet
  /** Validates a set given as an object. */
  static fromObject(doc: TemplateSetDocument): TemplateSet
  /** Parses and validates a set from JSON text. */
  static fromJson(json: string): TemplateSet
  /** Reads, parses and validates a set from a JSON file. */
  static fromFile(path: string): TemplateSet
  /** The set as JSON text. */
  toJson(): string
}

/**
 * A rate from OpenEI's Utility Rate Database. Build one with `UrdbTariff.fromObject` (what
 * `JSON.parse` gives: URDB's numbers are read as the decimals their text was) or
 * `UrdbTariff.fromJson`. Fields gridcore cannot apply are refused by name (code
 * `unsupported`).
 */
export declare class UrdbTariff {
  /** Reads a URDB rate (or the API's `{"items": [rate]}`) from an object. */
  static fromObject(rate: Record<string, unknown>): UrdbTariff
  /** Reads a URDB rate from JSON text. */
  static fromJson(json: string): UrdbTariff
  /** The rate's name. */
  get name(): string
  /** The utility's name. */
  get utility(): string
}

/**
 * Panics inside the engine guard, so tests can prove a panic becomes an Error with code
 * `internal` instead of crashing the process.
 */
export declare function _panicForTests(): void

/** Computes one bill (synchronously), or throws an Error with `code`, `path` and `kind`. */
export declare function bill(request: BillRequest): Bill

/**
 * Bills a year of hourly kWh under a URDB rate: twelve monthly bills and the year's
 * total. `request` is `{calendar: 'sam'}` (365 days from a Monday) or `{year}`, with
 * `hourly_kwh` (decimal strings) and optionally `holidays`, `allocation`
 * (`'proportional'`, `'chronological'`) and `amounts` (`'rounded'`, `'unrounded'`).
 */
export declare function billAnnual(tariff: UrdbTariff, request: AnnualRequest): AnnualBill

/**
 * Computes many bills on a worker thread; resolves to an array of bills (and, with
 * `{errors: "return"}`, Error objects in the place of failed requests).
 */
export declare function billMany(requests: Array<BillRequest>, options?: BillManyOptions | undefined | null): Promise<Array<Bill | GridcoreError>>

/** Options of `billMany`. */
export interface BillManyOptions {
  /**
   * `"raise"` (default) rejects with the first failing request's error (its `index`
   * says which); `"return"` puts each failure in the array as an Error object.
   */
  errors?: 'raise' | 'return'
}

/**
 * Explains `after.total − before.total` for two bills of one account as contributions
 * that sum to it exactly, each with a sentence in Chinese and English.
 */
export declare function compare(before: Bill, after: Bill): Comparison

/** What must be confirmed when the customer comes for `business` on `asOf`, and why. */
export declare function confirmationsRequired(config: CustomerConfig, customer: Customer, business: string, asOf: DateString): Confirmation[]

/** The customer's mood from recent service events, with the events that caused it. */
export declare function customerMood(config: CustomerConfig, customer: Customer, asOf: DateString): Mood

/** Tags and scores of many customers; the facts are computed once per customer. */
export declare function customerProfiles(config: CustomerConfig, customers: Customer[], asOf: DateString): Profile[]

/** The customer's score under a configured model, with each factor's contribution. */
export declare function customerScore(config: CustomerConfig, customer: Customer, model: string, asOf: DateString): Score

/** The customer as `role` sees it: only the role's attributes, masked as configured. */
export declare function customerView(config: CustomerConfig, customer: Customer, role: string): CustomerView

/**
 * The e-bill of a request in its JSON form (`{"bill": <bill JSON>, "options": …}`), as
 * JSON text: `{"statement": <the data the document is built from>, "html": …}`. For
 * e-bill runs over stored bills, and the conformance cases.
 */
export declare function ebillJson(request: string): string

/** Every configured tag for the customer as of `asOf`: which apply and why. */
export declare function evaluateTags(config: CustomerConfig, customer: Customer, asOf: DateString): TagResult[]

/** A line's rule explained in Chinese and English. */
export declare function explainRule(rule: Rule): Text

/** The late-payment penalty (电费违约金) on `arrears` unpaid since `due_date`, as of `as_of`. */
export declare function lateFee(request: LateFeeRequest): LateFee

/** Merges two records of one person; the result keeps both originals. */
export declare function mergeCustomers(primary: Customer, other: Customer): Merge

/**
 * Plans a notice for a customer: send now, defer (marketing outside its hours) or
 * suppress (no consent, a cap reached). `policy` defaults to marketing 08:00–21:00, 1 a
 * day, 3 in 7 days.
 */
export declare function planDelivery(request: DeliveryRequest): Delivery

/**
 * Reconciles a channel's settlement file (its text) against booked payments and refunds;
 * transactions after `cutoff` are not yet settled.
 */
export declare function reconcileFile(layout: SettlementLayout, text: string, booked: Booked[], cutoff: LocalDateTimeString): Reconciliation

/**
 * Renders a bill's e-bill: the customer's HTML document, or with `view: 'counter'` the
 * counter fragment. Options (all optional): `locale` (`'zh-CN'`/`'zh'` or `'en'`),
 * `view`, `history` (earlier months, `{month: '2026-10', kwh: '200', amount: '107.60'}`),
 * `comparison` (what `compare(previous, bill)` returns), `due_date`, `payment`,
 * `points_balance` and `style` (brand, colours, footer, replacement templates).
 */
export declare function renderEbill(bill: Bill, options?: EbillOptions): string

/**
 * Renders a notice. `values` maps each declared variable to a string (`'168.40'`,
 * `'2026-12-15'`, `'13812341234'`) or a whole number; the engine checks, formats and
 * masks them.
 */
export declare function renderNotice(templates: TemplateSet, code: string, options: { channel: Channel; locale: Locale; values: Record<string, string | number> }): Notice

/** A reconciliation report as a readable table. */
export declare function renderReconciliation(report: Reconciliation): string

/** Attributes found by meaning (Chinese, synonyms, pinyin initials, English), best first. */
export declare function searchAttributes(config: CustomerConfig, query: string, limit?: number | undefined | null): AttributeMatch[]

/** k-means segments of the customers by the given facts, deterministic for `seed`. */
export declare function segmentCustomers(customers: Customer[], features: Fact[], k: number, seed: number, asOf: DateString): Segmentation

/** Moves a tag definition along its lifecycle; returns the new definition. */
export declare function transitionTag(tag: TagDefinition, to: TagState): TagDefinition

/** Both records of a merge, exactly as they were: `[primary, other]`. */
export declare function unmergeCustomers(merge: Merge): [Customer, Customer]

/** Bills the request under its own tariff and under each of `tariffs`, cheapest first. */
export declare function whatIf(request: BillRequest, tariffs: Array<Tariff>): WhatIf
