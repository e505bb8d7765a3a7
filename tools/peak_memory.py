#!/usr/bin/env python3
"""Peak memory of the largest request the engine accepts, billed in each language.

The largest bill request: a 366-day period of 15-minute interval data with kWh and kvarh
(35,136 points, the most a period can have), a two-part time-of-use tariff with the power
factor adjustment. Each language loads it from JSON text and bills it once in a fresh
process; the figure is that process's peak resident memory, beside the same process doing
nothing but start up and load the module. Each process prints its own VmHWM from
/proc/self/status as it ends: the kernel's ru_maxrss would also count this script's pages,
which a child shares until it calls exec.

    make peak-memory        # needs the Python, Node and JVM builds (make test builds them)
"""
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "largest"


def request():
    tariff = json.loads((ROOT / "examples/data/tariffs/industrial-two-part-tou.json").read_text(encoding="utf-8"))
    start = dt.datetime(2028, 1, 1)  # 2028 is a leap year: 366 days
    points = []
    for i in range(366 * 96):
        t = start + dt.timedelta(minutes=15 * i)
        cents = 300 + (i * 53) % 97
        points.append({"start": t.strftime("%Y-%m-%dT%H:%M:%S"), "kwh": f"{cents // 100}.{cents % 100:02d}", "kvarh": f"{cents // 200}.{cents % 100:02d}"})
    return {
        "tariff": tariff,
        "account": {"account_id": "3300900001", "basic_charge": {"method": "capacity", "capacity_kva": "1000"}, "power_factor_standard": "0.90"},
        "period": {"start": "2028-01-01", "end": "2029-01-01"},
        "usage": {"meter": {"ct_ratio": "40"}, "intervals": {"minutes": 15, "points": points}},
        "as_of": "2029-01-01",
    }


def peak(cmd, env=None, ok=(0,)):
    """Peak RSS (MiB) of a child process, as it reports it (VmHWM), and its stdout."""
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PEAK": "1", **(env or {})}, capture_output=True, text=True)
    if proc.returncode not in ok:
        sys.exit(f"{cmd[0]} failed: {proc.stderr[-2000:]}")
    hwm = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("VmHWM:")]
    if not hwm:
        sys.exit(f"{cmd[0]} did not report VmHWM: {proc.stderr[-2000:]}")
    return int(hwm[-1]) / 1024, proc.stdout.strip()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "request.json"
    path.write_text(json.dumps(request()), encoding="utf-8")
    size = path.stat().st_size / (1 << 20)
    py = str(ROOT / ".venv" / "bin" / "python")
    classpath = (ROOT / "bindings-mobile/jvm/target/classpath.txt").read_text().strip()
    java = OUT / "Largest.java"
    java.write_text("""import io.gridcore.*; import java.nio.file.*;
public class Largest { public static void main(String[] a) throws Exception {
  if (a.length > 0) { Bill b = GridcoreKt.billJson(Files.readString(Path.of(a[0]))); System.out.println(b.getTotal().toPlainString()); }
  else { System.out.println(GridcoreKt.class.getName()); }
  System.err.print(Files.readString(Path.of("/proc/self/status"))); } }
""")
    rust = str(ROOT / "target" / "release" / "examples" / "bill_file")
    runs = {
        "Rust": ([rust, str(path)], [rust, "/dev/null"]),
        "Python": ([py, "-c", "import gridcore, sys; print(gridcore.bill(gridcore.BillRequest.from_json(open(sys.argv[1]).read())).total); sys.stderr.write(open('/proc/self/status').read())", str(path)],
                   [py, "-c", "import gridcore, sys; sys.stderr.write(open('/proc/self/status').read())"]),
        "Node": (["node", "-e", "const g = require('./bindings-node'); console.log(g.bill(g.BillRequest.fromJson(require('fs').readFileSync(process.argv[1], 'utf8'))).total); process.stderr.write(require('fs').readFileSync('/proc/self/status', 'utf8'))", str(path)],
                 ["node", "-e", "require('./bindings-node'); process.stderr.write(require('fs').readFileSync('/proc/self/status', 'utf8'))"]),
        "Java": (["java", "-cp", classpath, str(java), str(path)], ["java", "-cp", classpath, str(java)]),
    }
    print(f"largest request: {path.relative_to(ROOT)}, {size:.1f} MiB of JSON, 35,136 points")
    print(f"{'language':<10} {'peak MiB':>10} {'idle MiB':>10} {'for the bill':>14}  total")
    for name, (bill_cmd, idle_cmd) in runs.items():
        used, total = peak(bill_cmd, {"QUIET": "1"})
        idle, _ = peak(idle_cmd, ok=(0, 1, 2))
        print(f"{name:<10} {used:>10.0f} {idle:>10.0f} {used - idle:>14.0f}  {total}")


if __name__ == "__main__":
    main()
