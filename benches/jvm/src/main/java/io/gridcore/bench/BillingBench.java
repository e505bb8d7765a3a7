// JMH benchmarks of gridcore from Java: the uniffi Kotlin bindings (JNA) and Billing (JNI).
//
//   make bench-jvm              (all of them, with the Rust core's batch figure first)
//   make bench-jvm JMH_ARGS='-jvmArgsAppend -Dgridcore.jni=false'   (Billing without JNI)
//
// The workloads are those of benches/billing.rs, so each figure has a Rust core twin.
package io.gridcore.bench;

import io.gridcore.*;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

// Calls: average time in µs; the 100,000-bill batches: single shots in ms.
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BillingBench {
    static final int N = 100_000;

    Tariff tariff;
    BillRequest residential;
    BillRequest industrial;
    List<BillRequest> run;

    static Tariff load(String name) throws Exception {
        Path dir = Path.of(System.getProperty("gridcore.root", "../..")).resolve("examples/data/tariffs");
        return Tariff.Companion.fromJson(Files.readString(dir.resolve(name + ".json")));
    }

    static BillRequest request(Tariff t, Account account, LocalDate start, LocalDate end, UsageInput usage, long ytd) {
        return new BillRequest(t, account, new Period(start, end), usage, BigDecimal.valueOf(ytd), List.of(), end, List.of(), null, List.of());
    }

    static UsageInput total(long start, long end) {
        return new UsageInput(new Meter(BigDecimal.ONE, BigDecimal.ONE, null),
                List.of(new Reading(Register.TOTAL, BigDecimal.valueOf(start), BigDecimal.valueOf(end), false, false)), null, List.of(), null);
    }

    @Setup
    public void setUp() throws Exception {
        tariff = load("zj-residential-tiered");
        LocalDate nov = LocalDate.of(2026, 11, 1), dec = LocalDate.of(2026, 12, 1);
        residential = request(tariff, new Account("3300012345"), nov, dec, total(8200, 8500), 2600);
        run = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            int start = 10_000 + i % 5_000;
            run.add(request(tariff, new Account(String.format("33%08d", i)), nov, dec, total(start, start + 50 + i % 400), (i * 7L) % 5_000));
        }
        // A month of 15-minute kWh and kvarh on a two-part, power-factor, time-of-use tariff.
        LocalDateTime origin = LocalDateTime.of(2026, 12, 1, 0, 0);
        List<IntervalPoint> points = new ArrayList<>(31 * 96);
        for (int i = 0; i < 31 * 96; i++) {
            points.add(new IntervalPoint(origin.plusMinutes(15L * i), BigDecimal.valueOf(150 + (i * 37 % 250), 2), BigDecimal.valueOf(60 + (i * 13 % 90), 2)));
        }
        UsageInput intervals = new UsageInput(new Meter(BigDecimal.valueOf(40), BigDecimal.ONE, null), null, new IntervalData(15, points), List.of(), null);
        Account plant = new Account("3300099999", null, List.of(), null, null,
                new BasicChargeContract(BasicMethod.CONTRACT_DEMAND, BigDecimal.valueOf(1000), BigDecimal.valueOf(500), List.of()), Standard.P90);
        industrial = request(load("industrial-two-part-tou"), plant, dec, LocalDate.of(2027, 1, 1), intervals, 0);
    }

    /** A trivial call: one string from a native object. */
    @Benchmark
    public String tariffId() {
        return tariff.id();
    }

    /** One residential bill (3 annual tiers), lifted into Java records. */
    @Benchmark
    public Bill billOne() throws GridcoreException {
        return GridcoreKt.bill(residential);
    }

    /** The same bill through Billing.bill (JNI; the generated billBatch with -Dgridcore.jni=false). */
    @Benchmark
    public Bill billingBillOne() throws GridcoreException {
        return Billing.bill(residential);
    }

    /** One industrial bill from a month of 15-minute data (2,976 intervals). */
    @Benchmark
    public Bill billIndustrial15Minute() throws GridcoreException {
        return GridcoreKt.bill(industrial);
    }

    /** The same industrial bill through Billing.bill. */
    @Benchmark
    public Bill billingBillIndustrial15Minute() throws GridcoreException {
        return Billing.bill(industrial);
    }

    /** 100,000 residential bills through the generated billMany (a tariff handle per request). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime) @OutputTimeUnit(TimeUnit.MILLISECONDS) @Warmup(iterations = 2) @Measurement(iterations = 5)
    public List<BillResult> billMany100k() {
        return GridcoreKt.billMany(run);
    }

    /** The same 100,000 bills through Billing.billMany (the tariff crosses once). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime) @OutputTimeUnit(TimeUnit.MILLISECONDS) @Warmup(iterations = 2) @Measurement(iterations = 5)
    public List<BillResult> billingBillMany100k() {
        return Billing.billMany(run);
    }

    /** Batches of 10,000 through Billing.billMany from one thread, and from two at once.
     *  The figure: three forks and longer warm-up, since on this machine a JVM
     *  run now and then settles ~1.5x slower throughout (neither GC nor deoptimization). */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"-Xmx2g"}) @Warmup(iterations = 5, time = 2)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<BillResult> billingBillMany10kOneThread() {
        return Billing.billMany(run.subList(0, 10_000));
    }

    @Benchmark
    @Threads(2)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<BillResult> billingBillMany10kTwoThreads() {
        return Billing.billMany(run.subList(0, 10_000));
    }
}
