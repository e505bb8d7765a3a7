// A batch billing run from plain Java: generated residential account-months, billed in
// batches through Billing.billMany (each tariff crosses into the engine once per batch),
// with a run summary — bills, failures by code, amount due, bills per second. A real run
// reads its account-months from the marketing system's database instead of generating
// them; the batch call and the summary are the same.
//
//   java -cp "$(cat bindings-mobile/jvm/target/classpath.txt)" examples/java/BatchRun.java [accounts]

import io.gridcore.Account;
import io.gridcore.BillRequest;
import io.gridcore.BillRequestBuilder;
import io.gridcore.BillResult;
import io.gridcore.Billing;
import io.gridcore.Meter;
import io.gridcore.Reading;
import io.gridcore.Register;
import io.gridcore.Tariff;
import io.gridcore.UsageInput;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class BatchRun {
    static final int BATCH = 10_000;

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Path.of("examples/data/tariffs");
        List<Tariff> tariffs = List.of(
                Tariff.Companion.fromJson(Files.readString(dir.resolve("zj-residential-tiered.json"))),
                Tariff.Companion.fromJson(Files.readString(dir.resolve("bj-residential-tiered.json"))));
        LocalDate start = LocalDate.of(2026, 11, 1), end = LocalDate.of(2026, 12, 1);

        long bills = 0;
        BigDecimal due = BigDecimal.ZERO;
        Map<String, Integer> failures = new TreeMap<>();
        long t0 = System.nanoTime();
        for (int from = 0; from < accounts; from += BATCH) {
            List<BillRequest> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(accounts, from + BATCH); i++) {
                long previous = 10_000 + i % 5_000;
                // One account in 500 has a reading lower than the last: it fails on its own.
                long current = i % 500 == 7 ? previous - 3 : previous + 50 + i % 400;
                batch.add(BillRequestBuilder.of(tariffs.get(i % tariffs.size()))
                        .account(new Account(String.format("33%08d", i)))
                        .period(start, end)
                        .usage(new UsageInput(new Meter(BigDecimal.ONE, BigDecimal.ONE),
                                List.of(new Reading(Register.TOTAL, BigDecimal.valueOf(previous), BigDecimal.valueOf(current), false, false))))
                        .yearToDateKwh(BigDecimal.valueOf((i * 7L) % 5_000))
                        .asOf(end)
                        .build());
            }
            for (BillResult r : Billing.billMany(batch)) {
                if (r instanceof BillResult.Ok ok) {
                    bills++;
                    due = due.add(ok.getBill().getTotal());
                } else {
                    failures.merge(((BillResult.Err) r).getError().getCode(), 1, Integer::sum);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("Java batch run: %,d account-months in batches of %,d%n", accounts, BATCH);
        System.out.printf("  bills          %,d%n", bills);
        System.out.printf("  failures       %s%n", failures.isEmpty() ? "none" : failures);
        System.out.printf("  amount due     %s 元%n", due.toPlainString());
        System.out.printf("  time           %.2f s (%,.0f bills/s, building the requests included)%n", seconds, accounts / seconds);
    }
}
