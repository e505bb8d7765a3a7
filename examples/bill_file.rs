//! Bills one request read from a JSON file (a request embeds its tariff) and prints the
//! explained bill, or the error naming the field:
//!
//!     cargo run --release --example bill_file -- examples/data/requests/01-zhejiang-tier-crossing.json
//!
//! `tools/peak_memory.py` uses it to measure the Rust core on the largest request: with
//! `PEAK` set, it ends by printing the process's `/proc/self/status` on stderr.

fn main() {
    let code = run();
    if std::env::var_os("PEAK").is_some() {
        eprint!("{}", std::fs::read_to_string("/proc/self/status").unwrap_or_default());
    }
    std::process::exit(code)
}

fn run() -> i32 {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bill_file <request.json>");
        return 2;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return 2;
        }
    };
    match gridcore::BillRequest::from_json(&text).and_then(|r| gridcore::bill(&r)) {
        Ok(b) if std::env::var_os("QUIET").is_some() => println!("{}", b.total),
        Ok(b) => print!("{}", gridcore::explain::render(&b)),
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    }
    0
}
