// The monthly billing run from Java, as a Java marketing system would write it: tariffs
// and requests loaded from the bundled sample data, billed through the gridcore jar,
// amounts read as BigDecimal; then each bill's payment through the points rules into the
// customer's ledger. `make demo` runs it with the jar on the classpath:
//
//   java -cp "$(cat bindings-mobile/jvm/target/classpath.txt)" examples/java/BillingRun.java

import io.gridcore.Bill;
import io.gridcore.BillResult;
import io.gridcore.GridcoreException;
import io.gridcore.GridcoreKt;
import io.gridcore.Channel;
import io.gridcore.Ledger;
import io.gridcore.Locale;
import io.gridcore.Notice;
import io.gridcore.TemplateSet;
import io.gridcore.LineItem;
import io.gridcore.PointsEvent;
import io.gridcore.PointsEventBody;
import io.gridcore.PointsOutcome;
import io.gridcore.PointsRules;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public class BillingRun {
    public static void main(String[] args) throws Exception {
        Path requests = Path.of(args.length > 0 ? args[0] : "examples/data/requests");
        List<Path> files;
        try (var stream = Files.list(requests)) {
            files = stream.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        System.out.printf("Java: %d accounts billed%n", files.size());
        BigDecimal due = BigDecimal.ZERO;
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                Bill bill = GridcoreKt.billJson(Files.readString(file));
                due = due.add(bill.getTotal());
                totals.put(bill.getAccountId(), bill.getTotal());
                String codes = bill.getLines().stream().map(LineItem::getCode).collect(Collectors.joining(", "));
                System.out.printf("%-12s %-30s %10s %12s  %s%n", bill.getAccountId(), bill.getTariffId(),
                        bill.getUsage().getBilledKwh().toPlainString(), bill.getTotal().toPlainString(), codes);
            } catch (GridcoreException e) {
                System.out.printf("NOT BILLED %s: %s%n", file.getFileName(), e.getMessage());
            }
        }
        System.out.printf("%-12s %-30s %10s %12s%n", "", "amount due", "", due.toPlainString());

        // A reading cycle across 1 January: annual tiers counted per calendar day.
        Bill cycle = GridcoreKt.billJson(Files.readString(requests.resolve("../scenarios/december-january-household.json")));
        System.out.printf("across 1 January (%s): %s = %s%n", cycle.getAccountId(), cycle.getLines().stream()
                .map(l -> l.getCode() + " [" + l.getFrom() + "–" + l.getTo() + "] " + l.getAmount().toPlainString())
                .collect(Collectors.joining(" + ")), cycle.getTotal().toPlainString());

        // Points: every bill paid on 2026-12-10 at the counter, due 2026-12-15 (on time).
        PointsRules rules = PointsRules.fromFile(requests.resolve("../points/rules.json"));
        LocalDate paid = LocalDate.of(2026, 12, 10);
        for (Map.Entry<String, BigDecimal> t : totals.entrySet()) {
            Ledger ledger = new Ledger(t.getKey());
            PointsEvent event = new PointsEvent("pay-" + t.getKey() + "-2026-11", paid, List.of(),
                    new PointsEventBody.BillPaid(t.getValue(), LocalDate.of(2026, 12, 15), paid, "counter"));
            PointsOutcome out = ledger.process(rules, event);
            System.out.printf("points %-12s %12s 元 → %d points%n", t.getKey(), t.getValue().toPlainString(), out.getBalance());
        }

        // The bill notice SMS for the first account, as the billing system would send it.
        Map.Entry<String, BigDecimal> first = totals.entrySet().iterator().next();
        Notice sms = GridcoreKt.renderNotice(TemplateSet.builtin(), "bill_notice", Channel.SMS, Locale.ZH_CN, Map.of(
                "name", "张伟", "account", first.getKey(), "period", "2026年11月", "kwh", "300",
                "amount", first.getValue().toPlainString(), "due_date", "2026-12-15"));
        System.out.printf("sms %s: %d chars, %d segment(s): %s%n", first.getKey(), sms.getSms().getLength(), sms.getSms().getSegments(), sms.getSms().getText());
    }
}
