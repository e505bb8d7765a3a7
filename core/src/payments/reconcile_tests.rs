use super::super::settlement::*;
use super::*;
use crate::base::error::{ErrorCode, ErrorKind};
use proptest::prelude::*;

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn booked(channel: &str, txn_no: &str, kind: BookedKind, amount: &str, at: &str) -> Booked {
    Booked { channel: channel.into(), txn_no: txn_no.into(), key: format!("K-{txn_no}"), kind, amount: d(amount), at: dt(at), reversed: false }
}

const WECHAT_HEADER: &str = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";

fn wechat_row(time: &str, order: &str, status: &str, settle: &str, refund_no: &str, refund: &str) -> String {
    format!("`{time},`wx1234567890,`1900000109,`0,`,`{order},`GC-P-0001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`{status},`CMB_DEBIT,`CNY,`{settle},`0.00,`{refund_no},`0,`{refund},`0.00,`,`,`电费,`,`0.00,`0.60%,`{settle},`0.00,`")
}

/// Two payments and the refund of the first; 应结订单总金额 counts the refund row's
/// repeated 168.40: 168.40 + 100.00 + 168.40 = 436.80.
fn wechat_bill(totals: &str) -> String {
    [
        format!("\u{feff}{WECHAT_HEADER}"),
        wechat_row("2026-11-05 10:00:00", "4200000001", "SUCCESS", "168.40", "0", "0.00"),
        wechat_row("2026-11-05 11:00:00", "4200000002", "SUCCESS", "100.00", "0", "0.00"),
        wechat_row("2026-11-05 12:00:00", "4200000001", "REFUND", "168.40", "50300000001", "168.40"),
        "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额".into(),
        totals.into(),
        String::new(),
        String::new(),
    ]
    .join("\r\n")
}

fn count(r: &Reconciliation, status: ReconStatus) -> u64 {
    r.totals[status as usize].count
}

fn consistent(r: &Reconciliation) {
    let from_rows = r.items.iter().filter(|i| i.line.is_some()).count() as u64;
    assert_eq!(from_rows, r.file_rows);
    assert_eq!(r.totals.iter().map(|t| t.count).sum::<u64>(), r.items.len() as u64);
    assert_eq!(r.totals.iter().map(|t| t.status).collect::<Vec<_>>(), ReconStatus::ALL.to_vec());
    assert_eq!(r.by_channel.iter().map(|c| c.count).sum::<u64>(), r.items.len() as u64);
}

#[test]
fn wechat_bill_reconciled_by_hand() {
    let file = read_settlement(&SettlementLayout::wechat(), &wechat_bill("`3,`436.80,`168.40,`0.00,`0.01,`436.80,`168.40")).unwrap();
    assert_eq!(file.malformed, vec![]);
    assert_eq!(file.totals, Some(FileTotals { line: 6, rows: 3, payments: d("436.80"), refunds: d("168.40") }));
    let lines: Vec<(u32, &str, BookedKind, RowStatus, Decimal)> = file.rows.iter().map(|r| (r.line, r.txn_no.as_str(), r.kind, r.status, r.amount)).collect();
    assert_eq!(
        lines,
        vec![
            (2, "4200000001", BookedKind::Payment, RowStatus::Success, d("168.40")),
            (3, "4200000002", BookedKind::Payment, RowStatus::Success, d("100.00")),
            (4, "50300000001", BookedKind::Refund, RowStatus::Refund, d("168.40")),
        ]
    );
    assert!(file.rows.iter().all(|r| r.channel == "wechat"));
    assert_eq!(file.rows[0].at, dt("2026-11-05 10:00:00"));

    let engine = [
        booked("wechat", "4200000001", BookedKind::Payment, "168.40", "2026-11-05 10:00:01"),
        booked("wechat", "4200000002", BookedKind::Payment, "99.00", "2026-11-05 11:00:01"),
        booked("wechat", "4200000003", BookedKind::Payment, "50.00", "2026-11-05 09:00:00"),
        booked("wechat", "4200000004", BookedKind::Payment, "20.00", "2026-11-06 00:30:00"),
    ];
    let r = reconcile(&file, &engine, dt("2026-11-05 23:59:59"));
    consistent(&r);
    let got: Vec<(ReconStatus, &str, Option<u32>)> = r.items.iter().map(|i| (i.status, i.txn_no.as_str(), i.line)).collect();
    assert_eq!(
        got,
        vec![
            (ReconStatus::Matched, "4200000001", Some(2)),
            (ReconStatus::AmountMismatch, "4200000002", Some(3)),
            (ReconStatus::MissingInEngine, "50300000001", Some(4)),
            (ReconStatus::MissingInFile, "4200000003", None),
            (ReconStatus::NotYetSettled, "4200000004", None),
        ]
    );
    assert_eq!(r.items[1].note, Text::new("金额不符：文件 100.00，系统 99.00", "amount differs: file 100.00, engine 99.00"));
    assert_eq!((r.items[1].key.as_deref(), r.items[1].engine_amount), (Some("K-4200000002"), Some(d("99.00"))));
    assert_eq!((r.file_rows, r.file_payments, r.file_refunds), (3, d("268.40"), d("168.40")));
    let mismatch = &r.totals[ReconStatus::AmountMismatch as usize];
    assert_eq!((mismatch.count, mismatch.file_amount, mismatch.engine_amount), (1, d("100.00"), d("99.00")));
    assert_eq!(r.by_channel.len(), 5);
    let text = r.render();
    assert!(text.contains("amount differs: file 100.00, engine 99.00"), "{text}");
    assert!(text.contains("not_yet_settled") && text.contains("Not matched: 4"), "{text}");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["items"][1]["file_amount"], "100.00");
    assert_eq!(json["items"][0]["status"], "matched");
    assert_eq!(serde_json::from_value::<Reconciliation>(json).unwrap(), r);
}

#[test]
fn totals_that_disagree_are_refused() {
    // One row fewer, a wrong 应结订单总金额, a wrong 退款总金额.
    for (totals, says) in [
        ("`2,`436.80,`168.40,`0.00,`0.01,`436.80,`168.40", "say 2 rows; the file has 3"),
        ("`3,`436.81,`168.40,`0.00,`0.01,`436.80,`168.40", "应结订单总金额 on line 6 is 436.81; the rows add up to 436.80"),
        ("`3,`436.80,`0.00,`0.00,`0.01,`436.80,`168.40", "退款总金额 on line 6 is 0.00; the rows add up to 168.40"),
    ] {
        let e = read_settlement(&SettlementLayout::wechat(), &wechat_bill(totals)).unwrap_err();
        assert_eq!((e.kind, e.code, e.path.as_str()), (ErrorKind::Request, ErrorCode::TotalsMismatch, "file.totals"));
        assert!(e.reason.contains(says) && e.reason.contains("line 6"), "{e}");
        assert_eq!(crate::base::error::jargon(&e.reason), None, "{e}");
    }
    let e = read_settlement(&SettlementLayout::wechat(), &wechat_bill("`x,`436.80,`168.40,`0.00,`0.01,`436.80,`168.40")).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::TotalsMismatch, "file.totals"));
    // A generic file's totals row.
    let text = "channel,txn_no,status,amount,time\nalipay,A1,SUCCESS,10.00,2026-11-05 10:00:00\nTOTAL,1,10.01,0.00\n";
    let e = read_settlement(&SettlementLayout::generic(), text).unwrap_err();
    assert_eq!(e.reason, "the payments total on line 3 is 10.01; the rows add up to 10.00");
}

#[test]
fn malformed_rows_are_reported_with_their_lines() {
    let text = [
        "channel,txn_no,status,amount,time",
        "alipay,A1,SUCCESS,10.00,2026-11-05 10:00:00",
        "alipay,A2,SUCCESS,10.001,2026-11-05 10:00:00",
        "alipay,A3,SUCCESS,-1.00,2026-11-05 10:00:00",
        "alipay,A4,SUCCESS,1e3,2026-11-05 10:00:00",
        "alipay,A5,PAID,1.00,2026-11-05 10:00:00",
        "alipay,,SUCCESS,1.00,2026-11-05 10:00:00",
        "alipay,A7,SUCCESS,1.00,2026-11-05",
        "alipay,A8,SUCCESS,1.00",
        &format!("alipay,{},SUCCESS,1.00,2026-11-05 10:00:00", "9".repeat(300)),
        "\"alipay\",\"A10\",SUCCESS,2.50,2026-11-05 10:00:00",
        "TOTAL,10,12.50,0.00",
        "alipay,A11,SUCCESS,1.00,2026-11-05 10:00:00",
        "",
    ]
    .join("\n");
    let file = read_settlement(&SettlementLayout::generic(), &text).unwrap();
    assert_eq!(file.rows.iter().map(|r| (r.line, r.txn_no.as_str())).collect::<Vec<_>>(), vec![(2, "A1"), (11, "A10")]);
    let got: Vec<(u32, &str)> = file.malformed.iter().map(|m| (m.line, m.reason.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (3, "the amount \"10.001\" has more than 2 decimal places"),
            (4, "the amount \"-1.00\" is negative"),
            (5, "the amount \"1e3\" is not a plain decimal such as 168.40"),
            (6, "the status \"PAID\" is not one of REFUND, REVOKED, SUCCESS"),
            (7, "the transaction number is empty"),
            (8, "the time \"2026-11-05\" does not match the format \"%Y-%m-%d %H:%M:%S\""),
            (9, "the line has 4 fields; the header has 5"),
            (10, "field 2 is longer than 256 characters"),
            (13, "a line after the totals line"),
        ]
    );
    for m in &file.malformed {
        assert_eq!(crate::base::error::jargon(&m.reason), None, "{}", m.reason);
    }
    // With malformed rows the count still counts them; the amounts are not compared.
    assert_eq!(file.totals.as_ref().map(|t| t.rows), Some(10));
    let r = reconcile(&file, &[], dt("2026-11-05 23:59:59"));
    assert_eq!((r.malformed.len(), count(&r, ReconStatus::MissingInEngine)), (9, 2));
    assert!(r.render().contains("    10  field 2 is longer than 256 characters"), "{}", r.render());
}

#[test]
fn generic_csv_with_a_column_mapping() {
    // A bank's file: semicolons, fixed channel, amounts in fen, its own status words, a
    // refund number column.
    let layout = SettlementLayout::from_json(
        r#"{"layout": "csv", "delimiter": ";", "channel": "icbc", "amount_unit": "fen", "time_format": "%Y%m%d%H%M%S",
            "columns": {"txn_no": "流水号", "amount": "金额(分)", "time": "时间", "status": "状态", "refund_no": "退款流水号"},
            "status_values": {"00": "success", "01": "refund", "02": "revoked"}, "totals_label": "合计"}"#,
    )
    .unwrap();
    let text = "流水号;退款流水号;金额(分);时间;状态\nB1;;16840;20261105100000;00\nB2;;500;20261105110000;02\nB3;;500;20261105110000;00\nB1;R1;1000;20261105120000;01\nB1;;16840;20261105100000;00\n合计;5;34680;1000\n";
    let file = read_settlement(&layout, text).unwrap();
    assert_eq!(file.malformed, vec![]);
    assert_eq!(
        file.rows[0],
        SettlementRow { line: 2, channel: "icbc".into(), txn_no: "B1".into(), kind: BookedKind::Payment, status: RowStatus::Success, amount: d("168.40"), at: dt("2026-11-05 10:00:00") }
    );
    assert_eq!((file.rows[3].txn_no.as_str(), file.rows[3].kind, file.rows[3].amount), ("R1", BookedKind::Refund, d("10.00")));
    let mut engine = vec![
        booked("icbc", "B1", BookedKind::Payment, "168.40", "2026-11-05 10:00:00"),
        booked("icbc", "B2", BookedKind::Payment, "5.00", "2026-11-05 11:00:00"),
        booked("icbc", "B3", BookedKind::Payment, "5.00", "2026-11-05 11:00:00"),
        booked("icbc", "R1", BookedKind::Refund, "10.00", "2026-11-05 12:00:00"),
        booked("icbc", "R1", BookedKind::Refund, "10.00", "2026-11-05 12:00:00"),
    ];
    engine[2].reversed = true;
    engine[4].key = "K-R1-again".into();
    let r = reconcile(&file, &engine, dt("2026-11-05 23:59:59"));
    consistent(&r);
    let got: Vec<(ReconStatus, &str, Option<u32>)> = r.items.iter().map(|i| (i.status, i.txn_no.as_str(), i.line)).collect();
    assert_eq!(
        got,
        vec![
            (ReconStatus::Matched, "B1", Some(2)),
            (ReconStatus::StatusMismatch, "B2", Some(3)),
            (ReconStatus::StatusMismatch, "B3", Some(4)),
            (ReconStatus::Matched, "R1", Some(5)),
            (ReconStatus::Duplicate, "B1", Some(6)),
            (ReconStatus::Duplicate, "R1", None),
        ]
    );
    assert_eq!(r.items[1].note.en, "status differs: the file has it revoked, the engine has not reversed it");
    assert_eq!(r.items[2].note.en, "status differs: the file has it settled, the engine reversed it");
    assert_eq!(r.items[4].note.en, "repeats line 2");
    assert_eq!((r.items[5].note.en.as_ref(), r.items[5].key.as_deref()), ("booked twice: also booked as K-R1", Some("K-R1-again")));
    // Revoked rows settle nothing.
    assert_eq!((r.file_payments, r.file_refunds), (d("341.80"), d("10.00")));
}

#[test]
fn layouts_read_from_json_with_paths() {
    assert_eq!(SettlementLayout::from_json(r#"{"layout": "wechat"}"#).unwrap(), SettlementLayout::wechat());
    let generic = serde_json::to_value(SettlementLayout::generic()).unwrap();
    assert_eq!(generic["layout"], "csv");
    assert_eq!(SettlementLayout::from_value(generic).unwrap(), SettlementLayout::generic());
    let e = SettlementLayout::from_json(r#"{"layout": "csv", "columns": {"txn_no": "a", "amount": 5, "time": "t"}}"#).unwrap_err();
    assert_eq!((e.kind, e.code, e.path.as_str()), (ErrorKind::Request, ErrorCode::InvalidField, "layout.columns.amount"));
    let e = SettlementLayout::from_json(r#"{"layout": "paypal"}"#).unwrap_err();
    assert_eq!(e.path, "layout.layout");
    // Columns the header lacks, and a layout without any channel.
    let e = read_settlement(&SettlementLayout::generic(), "channel,txn_no,status,amount\n").unwrap_err();
    assert_eq!((e.code, e.path.as_str(), e.reason.as_str()), (ErrorCode::InvalidField, "layout.columns.time", "the header on line 1 has no column \"time\""));
    let mut layout = CsvLayout::default_layout();
    layout.columns.channel = None;
    let e = read_settlement(&SettlementLayout::Csv(layout), "channel,txn_no,status,amount,time\n").unwrap_err();
    assert_eq!(e.path, "layout.channel");
    let e = read_settlement(&SettlementLayout::wechat(), "交易时间,微信订单号\n").unwrap_err();
    assert_eq!(e.path, "file.header");
    assert_eq!(read_settlement(&SettlementLayout::generic(), "").unwrap_err().code, ErrorCode::Empty);
}

#[test]
fn headerless_files_name_columns_by_position() {
    let layout = CsvLayout {
        columns: CsvColumns { txn_no: "1".into(), amount: "2".into(), time: "3".into(), status: None, channel: None, refund_no: None },
        header: false,
        channel: Some("unionpay".into()),
        ..CsvLayout::default_layout()
    };
    let file = read_settlement(&SettlementLayout::Csv(layout), "U1,1.00,2026-11-05 10:00:00\nU2,2.00,2026-11-05 10:00:00,extra\n").unwrap();
    assert_eq!(file.rows.len(), 1);
    assert_eq!((file.rows[0].channel.as_str(), file.rows[0].status), ("unionpay", RowStatus::Success));
    assert_eq!(file.malformed[0].line, 2);
    // CRLF line breaks and empty lines in the middle keep the line numbers true.
    let text = "channel,txn_no,status,amount,time\r\n\r\nalipay,A1,SUCCESS,1.00,2026-11-05 10:00:00\r\n\r\n\r\nalipay,A2,SUCCESS,x,2026-11-05 10:00:00\r\n";
    let file = read_settlement(&SettlementLayout::generic(), text).unwrap();
    assert_eq!((file.rows[0].line, file.malformed[0].line), (3, 6));
}

#[test]
fn odd_input_never_panics() {
    let layouts = [SettlementLayout::generic(), SettlementLayout::wechat()];
    for text in
        ["\u{feff}", "\n\n\n", "\"", "channel,txn_no,status,amount,time\n\"unterminated", "`,`,`\n`", "TOTAL", "channel,txn_no,status,amount,time\nTOTAL\n", "总交易单数,应结订单总金额,退款总金额"]
    {
        for layout in &layouts {
            if let Ok(file) = read_settlement(layout, text) {
                consistent(&reconcile(&file, &[], dt("2026-11-05 00:00:00")));
            }
        }
    }
    let e = read_settlement(&SettlementLayout::wechat(), &format!("{WECHAT_HEADER}\n总交易单数,应结订单总金额,退款总金额\n")).unwrap_err();
    assert_eq!(e.code, ErrorCode::TotalsMismatch);
}

fn payments() -> impl Strategy<Value = Vec<Booked>> {
    let one = (0..3usize, 1..100_000_000i64, 0..86_399i64, any::<bool>(), any::<bool>());
    prop::collection::vec(one, 1..40).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (c, fen, secs, refund, reversed))| Booked {
                channel: ["wechat", "alipay", "bank,of \"x\""][c].into(),
                txn_no: format!("T{i:05}"),
                key: format!("K{i}"),
                kind: if refund { BookedKind::Refund } else { BookedKind::Payment },
                amount: Decimal::new(fen, 2),
                at: dt("2026-11-05 00:00:00") + chrono::Duration::seconds(secs),
                reversed: reversed && !refund,
            })
            .collect()
    })
}

fn run(file_from: &[Booked], engine: &[Booked]) -> Reconciliation {
    let file = read_settlement(&SettlementLayout::generic(), &settlement_csv(file_from)).unwrap();
    assert_eq!(file.malformed, vec![]);
    let r = reconcile(&file, engine, dt("2026-11-05 23:59:59"));
    consistent(&r);
    r
}

fn only(r: &Reconciliation, status: ReconStatus) {
    assert_eq!(count(r, status), 1, "{}", r.render());
    assert_eq!(count(r, ReconStatus::Matched) + 1, r.items.len() as u64, "{}", r.render());
}

proptest! {
    #[test]
    fn files_written_from_the_booked_match_and_mutations_show(engine in payments(), pick in any::<prop::sample::Index>()) {
        let r = run(&engine, &engine);
        prop_assert_eq!(count(&r, ReconStatus::Matched), engine.len() as u64);
        let i = pick.index(engine.len());

        let mut dropped = engine.clone();
        dropped.remove(i);
        only(&run(&dropped, &engine), ReconStatus::MissingInFile);

        let mut changed = engine.clone();
        changed[i].amount += Decimal::new(1, 2);
        only(&run(&changed, &engine), ReconStatus::AmountMismatch);

        let mut doubled = engine.clone();
        doubled.insert(i, engine[i].clone());
        only(&run(&doubled, &engine), ReconStatus::Duplicate);

        if let Some(j) = engine.iter().position(|b| b.kind == BookedKind::Payment && !b.reversed) {
            let mut flipped = engine.clone();
            flipped[j].reversed = true;
            only(&run(&flipped, &engine), ReconStatus::StatusMismatch);
        }
    }
}

/// Release-mode timing: `cargo test --release -p gridcore --lib reconcile -- --ignored`.
#[test]
#[ignore]
fn a_million_rows() {
    let engine: Vec<Booked> = (0..1_000_000)
        .map(|i| Booked {
            channel: "wechat".into(),
            txn_no: format!("42{i:026}"),
            key: format!("K{i}"),
            kind: BookedKind::Payment,
            amount: Decimal::new(i % 100_000 + 1, 2),
            at: dt("2026-11-05 10:00:00"),
            reversed: false,
        })
        .collect();
    let text = settlement_csv(&engine);
    let started = std::time::Instant::now();
    let file = read_settlement(&SettlementLayout::generic(), &text).unwrap();
    let read = started.elapsed();
    let r = reconcile(&file, &engine, dt("2026-11-05 23:59:59"));
    eprintln!("read {read:?}, reconciled {:?}", started.elapsed() - read);
    assert_eq!(count(&r, ReconStatus::Matched), 1_000_000);
}

proptest! {
    /// The hand-read default time format agrees with chrono wherever it reads a time, and
    /// reads every valid time of its shape short of a leap second.
    #[test]
    fn default_times_as_chrono_reads_them(y in 0..10_000u32, m in 0..14u32, d in 0..33u32, h in 0..26u32, mi in 0..62u32, s in 0..62u32, sep in prop::sample::select(vec!["-- ::", "-- ::", "/- ::", "--T::", "-- .:"])) {
        let sep: Vec<char> = sep.chars().collect();
        let text = format!("{y:04}{}{m:02}{}{d:02}{}{h:02}{}{mi:02}{}{s:02}", sep[0], sep[1], sep[2], sep[3], sep[4]);
        let chrono = NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S").ok();
        let ours = default_time(&text);
        prop_assert!(ours.is_none() || ours == chrono, "{text}: {ours:?} {chrono:?}");
        prop_assert!(ours.is_some() || chrono.is_none() || s == 60, "{text}: {chrono:?}");
    }

    /// The one-pass amount reader agrees with the checked one.
    #[test]
    fn plain_amounts_as_checked(text in "[-0-9.]{0,20}", fen in any::<bool>()) {
        let unit = if fen { AmountUnit::Fen } else { AmountUnit::Yuan };
        let checked = checked_amount(&text, unit);
        match plain_amount(&text, unit) {
            Some(d) => {
                prop_assert_eq!(Ok(d), checked);
                prop_assert_eq!(d.scale(), checked_amount(&text, unit).unwrap().scale());
            }
            None => prop_assert!(checked.is_err() || text.len() > 18, "{text}: {checked:?}"),
        }
    }
}

#[test]
fn time_and_amount_fast_paths_fall_back() {
    for t in ["2026-02-29 10:00:00", "2026-11-05 24:00:00", "2026-11-05 10:00:60", "2026-11-5 10:00:00", "+2026-11-05 10:00:00", "2026-11-05 10:00:00 "] {
        assert_eq!(default_time(t), None, "{t}");
    }
    assert_eq!(default_time("2024-02-29 23:59:59"), Some(dt("2024-02-29 23:59:59")));
    // Too long for one pass (leading zeros), read by the checked reader.
    assert_eq!((plain_amount("000000000000000000168.40", AmountUnit::Yuan), checked_amount("000000000000000000168.40", AmountUnit::Yuan)), (None, Ok(d("168.40"))));
    for a in ["1000000000000000", "999999999999999.99", "0.5", "00", "12.", ".5", "1.234", "1.2.3"] {
        assert_eq!(plain_amount(a, AmountUnit::Yuan).ok_or(()), checked_amount(a, AmountUnit::Yuan).map_err(|_| ()), "{a}");
    }
    // A file with times the fast path leaves to chrono reads as before.
    let text = "channel,txn_no,status,amount,time\nwechat,T1,SUCCESS,1.00,2026-11-05 10:00:60\nwechat,T2,SUCCESS,1.00,2026-11-5 10:00:00\nwechat,T3,SUCCESS,1.00,2026-13-05 10:00:00\n";
    let file = read_settlement(&SettlementLayout::generic(), text).unwrap();
    assert_eq!(file.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(file.rows[1].at, dt("2026-11-05 10:00:00"));
    assert_eq!(file.malformed[0].reason, "the time \"2026-13-05 10:00:00\" does not match the format \"%Y-%m-%d %H:%M:%S\"");
}

/// Keys that share slots are told apart by the bookings themselves.
#[test]
fn index_keys_sharing_slots() {
    let engine = [
        booked("wechat", "A", BookedKind::Payment, "1.00", "2026-11-05 10:00:00"),
        booked("wechat", "B", BookedKind::Payment, "2.00", "2026-11-05 10:00:00"),
        booked("wechat", "B", BookedKind::Payment, "3.00", "2026-11-05 10:00:00"),
        booked("wechat", "A", BookedKind::Refund, "4.00", "2026-11-05 10:00:00"),
    ];
    // Four slots for three keys: probes run into other keys' slots.
    let mut index = Index::new(&engine);
    (index.slots, index.mask) = (vec![(0, EMPTY); 4], 3);
    assert_eq!((index.add(0), index.add(1), index.add(2), index.add(3)), (None, None, Some(1), None));
    for (i, b) in engine.iter().enumerate() {
        assert_eq!(index.get(&key_of(b)), Some(if i == 2 { 1 } else { i }));
    }
    assert_eq!(index.get(&("wechat", BookedKind::Payment, "C")), None);
    assert_eq!(index.get(&("alipay", BookedKind::Payment, "A")), None);
    assert!(index.others.is_empty());
    // (At least one key is away from its first slot.)
    let home = |b: &Booked| hash_key(&key_of(b)) as usize & 3;
    assert!([0, 1, 3].iter().any(|&i| index.slots[home(&engine[i])].1 as usize != i));
}
