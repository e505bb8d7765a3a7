// The monthly billing run from Java, as a Java marketing system would write it: tariffs
// and requests loaded from the bundled sample data, billed through the gridcore jar,
// amounts read as BigDecimal. `make demo` runs it with the jar on the classpath:
//
//   java -cp "$(cat bindings-mobile/jvm/target/classpath.txt)" examples/java/BillingRun.java

import io.gridcore.Bill;
import io.gridcore.BillResult;
import io.gridcore.GridcoreException;
import io.gridcore.GridcoreKt;
import io.gridcore.LineItem;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        for (Path file : files) {
            try {
                Bill bill = GridcoreKt.billJson(Files.readString(file));
                due = due.add(bill.getTotal());
                String codes = bill.getLines().stream().map(LineItem::getCode).collect(Collectors.joining(", "));
                System.out.printf("%-12s %-30s %10s %12s  %s%n", bill.getAccountId(), bill.getTariffId(),
                        bill.getUsage().getBilledKwh().toPlainString(), bill.getTotal().toPlainString(), codes);
            } catch (GridcoreException e) {
                System.out.printf("NOT BILLED %s: %s%n", file.getFileName(), e.getMessage());
            }
        }
        System.out.printf("%-12s %-30s %10s %12s%n", "", "amount due", "", due.toPlainString());
    }
}
