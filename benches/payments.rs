//! Payments benchmarks (criterion). Run with `make bench`; figures go in docs/performance.md.
//!
//! * allocate: 1,000,000 payments into 100,000 account ledgers, ten each, every ledger
//!   holding two open bills (months 2026-10 and 2026-11, due 2026-11-10 and 2026-12-10);
//!   partial amounts paid 2026-11-01 to 2026-12-20 in time order per account, so each is
//!   one step of the fold; those after a due date assess late fees first. Timed as a
//!   posting job runs (each ledger told how many operations are coming, then let go once
//!   its payments are in) and with all kept
//! * reconcile: a generic settlement file of 1,000,000 WeChat payments read and
//!   reconciled against the 1,000,000 booked transactions

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use gridcore::CustomerClass;
use gridcore::payments::{read_settlement, reconcile, settlement_csv, AccountSetup, Booked, BookedKind, EntryKind, Ledger, Operation, Policy, Receivable, SettlementLayout};
use rust_decimal::Decimal;

const ACCOUNTS: u32 = 100_000;
const PAYMENTS_PER_ACCOUNT: u32 = 10;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The two bills of an account: 2026-10 of 150.00–449.99, 2026-11 of 120.00–419.99.
fn bills(account: u32) -> [Operation; 2] {
    let issue = |month: &str, due: &str, fen: u32| Operation::Issue {
        key: format!("b-{month}"),
        issued_on: date("2026-11-01"),
        bill: Receivable { bill_id: month.into(), bill_month: month.parse().unwrap(), due_date: date(due), amount: Decimal::new(i64::from(fen), 2), components: vec![] },
    };
    [issue("2026-10", "2026-11-10", 15_000 + (account * 7919) % 30_000), issue("2026-11", "2026-12-10", 12_000 + (account * 104_729) % 30_000)]
}

/// The i-th payment of an account: every five days or so from 2026-11-01 (the last by
/// 2026-12-20), about a twelfth of its two bills each, so the first bill is often paid
/// after its due date.
fn payment(account: u32, i: u32, bills_fen: u32) -> Operation {
    let day = date("2026-11-01") + Days::new(u64::from(i * 5 + account % 5));
    let minutes = 8 * 60 + (account * 31 + i * 17) % (12 * 60);
    let paid_at = NaiveDateTime::new(day, NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap());
    let share = bills_fen / 12;
    let fen = share / 2 + (account * 7 + i * 13_001) % share.max(1);
    Operation::Pay { key: format!("p-{i:02}"), channel: "wechat".into(), txn_no: format!("42{account:08}{i:02}"), amount: Decimal::new(i64::from(fen.max(1)), 2), paid_at, bill_id: None }
}

fn allocate(c: &mut Criterion) {
    let mut ledgers = Vec::with_capacity(ACCOUNTS as usize);
    let mut payments = Vec::with_capacity((ACCOUNTS * PAYMENTS_PER_ACCOUNT) as usize);
    for a in 0..ACCOUNTS {
        let mut ledger = Ledger::new(AccountSetup { account_id: format!("11{a:08}"), customer_class: CustomerClass::Residential, policy: Policy::default() }).unwrap();
        let mut bills_fen = 0;
        for op in bills(a) {
            if let Operation::Issue { bill, .. } = &op {
                bills_fen += u32::try_from(bill.amount.mantissa()).unwrap();
            }
            ledger.apply(op).unwrap();
        }
        ledgers.push(ledger);
        payments.extend((0..PAYMENTS_PER_ACCOUNT).map(|i| payment(a, i, bills_fen)));
    }
    // Not timed: a check that the first thousand accounts take their payments, most of
    // them assessing a late fee on the first bill.
    let mut fees = 0;
    for (ledger, ops) in ledgers[..1000].iter().cloned().zip(payments.chunks(PAYMENTS_PER_ACCOUNT as usize)) {
        let mut ledger = ledger;
        for op in ops {
            fees += ledger.apply(op.clone()).unwrap().entries.iter().filter(|e| e.kind == EntryKind::LateFee).count();
        }
    }
    assert!(fees > 500, "{fees} late fees in 1,000 accounts");
    let mut g = c.benchmark_group("allocate");
    g.sample_size(10).throughput(Throughput::Elements(payments.len() as u64));
    g.bench_function("1m_payments_100k_ledgers", |b| {
        b.iter_batched(
            || (ledgers.clone(), payments.clone()),
            // As a posting job runs: each account's ledger taken, its payments applied, the
            // ledger let go (its new entries written out) before the next; the release is
            // timed. Keeping all 100,000 grown ledgers in memory instead costs page faults
            // on fresh memory (`1m_payments_100k_ledgers_all_kept` below).
            |(ledgers, payments)| {
                let mut ops = payments.into_iter();
                let mut written = 0;
                for mut ledger in ledgers {
                    ledger.reserve(PAYMENTS_PER_ACCOUNT as usize);
                    for op in ops.by_ref().take(PAYMENTS_PER_ACCOUNT as usize) {
                        ledger.apply(op).unwrap();
                    }
                    written += ledger.entries().len();
                }
                written
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("1m_payments_100k_ledgers_all_kept", |b| {
        b.iter_batched(
            || (ledgers.clone(), payments.clone()),
            |(mut ledgers, payments)| {
                let mut ops = payments.into_iter();
                for ledger in &mut ledgers {
                    ledger.reserve(PAYMENTS_PER_ACCOUNT as usize);
                    for op in ops.by_ref().take(PAYMENTS_PER_ACCOUNT as usize) {
                        ledger.apply(op).unwrap();
                    }
                }
                ledgers
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn reconcile_file(c: &mut Criterion) {
    let day = NaiveDateTime::new(date("2026-11-05"), NaiveTime::MIN);
    let booked: Vec<Booked> = (0..1_000_000u32)
        .map(|i| Booked {
            channel: "wechat".into(),
            txn_no: format!("42{i:026}"),
            key: format!("p-{i}"),
            kind: BookedKind::Payment,
            amount: Decimal::new(i64::from(i % 100_000 + 1), 2),
            at: day + chrono::Duration::seconds(i64::from(i % 86_400)),
            reversed: false,
        })
        .collect();
    let text = settlement_csv(&booked);
    let layout = SettlementLayout::generic();
    let cutoff = day + chrono::Duration::seconds(86_399);
    let check = reconcile(&read_settlement(&layout, &text).unwrap(), &booked, cutoff);
    assert_eq!(check.totals[0].count, 1_000_000, "every row matched");
    drop(check);
    let mut g = c.benchmark_group("reconcile");
    g.sample_size(10).throughput(Throughput::Elements(booked.len() as u64));
    g.bench_function("1m_rows_generic_csv", |b| {
        b.iter_with_large_drop(|| {
            let file = read_settlement(&layout, &text).unwrap();
            let r = reconcile(&file, &booked, cutoff);
            (file, r)
        })
    });
    g.finish();
}

criterion_group!(payments, allocate, reconcile_file);
criterion_main!(payments);
