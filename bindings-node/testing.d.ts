import type { Arbitrary } from 'fast-check'
import type { AccountSetup, BillRequestFields, PaymentOperation, DecimalString, IntervalData, Period, PointsEvent, PointsRulesDocument, RoundingPolicy, TariffDocument, TimeOfUse, UsageInput } from './index'

/** A price in 元 with up to 6 decimals, 0 to `max`. */
export declare function price(max?: number): Arbitrary<DecimalString>
/** An energy quantity with up to 4 decimals, 0 to `max` kWh. */
export declare function kwh(max?: number): Arbitrary<DecimalString>
export declare function roundingPolicy(): Arbitrary<Pick<RoundingPolicy, 'scale' | 'mode' | 'stage'>>
export declare function tierBounds(): Arbitrary<DecimalString[]>
export declare function timeOfUse(): Arbitrary<TimeOfUse>
/** A valid tariff document. */
export declare function tariffDocument(): Arbitrary<TariffDocument>
/** A period of 1 to `maxDays` days within 2026. */
export declare function period(maxDays?: number): Arbitrary<Period>
export declare function readingsFor(doc: TariffDocument): Arbitrary<UsageInput>
export declare function intervalData(period: Period, minutes: 15 | 30 | 60): Arbitrary<UsageInput & { intervals: IntervalData }>
/** A tariff document and the other fields of a valid bill request. */
export declare function billRequestInputs(): Arbitrary<{ tariff: TariffDocument; fields: BillRequestFields }>
/** A valid points rule book (loads with `PointsRules.fromObject`); refunds never refuse. */
export declare function pointsRules(): Arbitrary<PointsRulesDocument>
/** A customer's stream of points events: distinct keys, dates never going back. */
export declare function pointsEvents(maxSize?: number): Arbitrary<PointsEvent[]>
/** An account for `AccountLedger` with any policy. */
export declare function accountSetup(): Arbitrary<AccountSetup>
/** A stream of receivables operations for one account, in time order, distinct keys. */
export declare function paymentStream(maxSize?: number): Arbitrary<PaymentOperation[]>
