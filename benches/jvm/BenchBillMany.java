// Benchmark: 100,000 residential bills from the JVM through the binding (a simple harness,
// best of 3 after a warm-up; figures in docs/performance.md).
//
//   make bench-jvm
import io.gridcore.*;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

public class BenchBillMany {
    static final int N = 100_000;

    public static void main(String[] args) throws Exception {
        Tariff tariff = Tariff.Companion.fromJson(Files.readString(Path.of("examples/data/tariffs/zj-residential-tiered.json")));
        long t0 = System.nanoTime();
        List<BillRequest> requests = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            int start = 10_000 + i % 5_000;
            requests.add(new BillRequest(tariff,
                    new Account(String.format("33%08d", i), null, List.of(), null, null, null, null),
                    new Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
                    new UsageInput(new Meter(BigDecimal.ONE, BigDecimal.ONE, null),
                            List.of(new Reading(Register.TOTAL, BigDecimal.valueOf(start), BigDecimal.valueOf(start + 50 + i % 400), false, false)), null, List.of(), null),
                    BigDecimal.valueOf((i * 7L) % 5_000), List.of(), LocalDate.of(2026, 12, 1), List.of(), null, List.of()));
        }
        double build = (System.nanoTime() - t0) / 1e9;
        GridcoreKt.billMany(requests.subList(0, 10_000)); // warm up the JIT
        double many = Double.MAX_VALUE, loop = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long t = System.nanoTime();
            GridcoreKt.billMany(requests);
            many = Math.min(many, (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            for (BillRequest q : requests) GridcoreKt.bill(q);
            loop = Math.min(loop, (System.nanoTime() - t) / 1e9);
        }
        System.out.printf("%,d residential bills (浙江 annual tiers), best of 3:%n", N);
        System.out.printf("  build requests : %.3f s  (%.2f µs/request)%n", build, build / N * 1e6);
        System.out.printf("  billMany       : %.3f s  (%.2f µs/bill, %,.0f bills/s)%n", many, many / N * 1e6, N / many);
        System.out.printf("  loop of bill() : %.3f s  (%.2f µs/bill)%n", loop, loop / N * 1e6);
    }
}
