//! Bills one request read from a JSON file (a request embeds its tariff) and prints the
//! explained bill, or the error naming the field:
//!
//!     cargo run --release --example bill_file -- examples/data/requests/01-zhejiang-tier-crossing.json
//!
//! `tools/peak_memory.py` uses it to measure the Rust core on the largest request.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bill_file <request.json>");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    match gridcore::BillRequest::from_json(&text).and_then(|r| gridcore::bill(&r)) {
        Ok(b) if std::env::var_os("QUIET").is_some() => println!("{}", b.total),
        Ok(b) => print!("{}", gridcore::explain::render(&b)),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
}
