import io.gridcore.*;
import io.gridcore.Period;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The README's three jobs, compiled and run against the jar and its two runtime jars on a
 * plain classpath, outside the checkout (tests/dist/run.py): a tiered bill, a points award
 * and redemption, a bill-notice SMS.
 */
public class Jobs {
    public static void main(String[] args) throws Exception {
        Tariff tariff = Tariff.fromFile(Path.of("data/zj-residential-tiered.json"));
        BillRequest request = new BillRequest(tariff,
                new Account("3300012345"),
                new Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
                new UsageInput(new Meter(BigDecimal.ONE, BigDecimal.ONE),
                        List.of(new Reading(Register.TOTAL, new BigDecimal("8200"), new BigDecimal("8500")))),
                new BigDecimal("2600"), List.of(), LocalDate.of(2026, 12, 1));
        Bill bill = GridcoreKt.bill(request);
        // From a jar, JNA unpacks the library and deletes the file: the JNI path of
        // Billing must still be bound (it registers through JNA), and bill the same.
        if (!Billing.getUsesJni()) throw new AssertionError("Billing does not cross through JNI from the jar");
        if (!Billing.bill(request).equals(bill)) throw new AssertionError("Billing.bill differs from bill");
        System.out.println("bill " + bill.getTotal().toPlainString());

        PointsRules rules = PointsRules.fromFile(Path.of("data/rules.json"));
        Ledger ledger = new Ledger("C1");
        LocalDate day = LocalDate.of(2026, 11, 20);
        PointsOutcome paid = ledger.process(rules, new PointsEvent("pay-1", day, List.of(),
                new PointsEventBody.BillPaid(bill.getTotal(), day, day, "counter")));
        PointsOutcome redeemed = ledger.apply(new Operation.Redeem("gift-7", LocalDate.of(2026, 12, 10), 10L, null));
        System.out.println("points " + paid.getBalance() + " " + redeemed.getBalance());

        Notice notice = GridcoreKt.renderNotice(TemplateSet.builtin(), "bill_notice", Channel.SMS, Locale.ZH_CN, Map.of(
                "name", "张伟", "account", "3300012345", "period", "2026年11月", "kwh", 300,
                "amount", bill.getTotal(), "due_date", LocalDate.of(2026, 12, 15)));
        System.out.println("sms " + notice.getSms().getSegments() + " " + notice.getSms().getText());
    }
}
