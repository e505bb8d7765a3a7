package io.gridcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a Java billing system writes: load a tariff, build a request with BigDecimal and
 * LocalDate, bill it, read BigDecimal amounts, and catch the exception with its code and
 * path.
 */
class JavaBillingTest {
    private static final Path TARIFFS = Path.of(System.getProperty("gridcore.conformance"), "..", "..", "examples", "data", "tariffs");

    private static Tariff zhejiang() throws IOException, GridcoreException {
        return Tariff.fromJson(Files.readString(TARIFFS.resolve("zj-residential-tiered.json")));
    }

    private static BillRequest request(Tariff tariff, String endReading) {
        UsageInput usage = new UsageInput(
                new Meter(BigDecimal.ONE, BigDecimal.ONE, null),
                List.of(new Reading(Register.TOTAL, new BigDecimal("8200"), new BigDecimal(endReading), false, false)),
                null,
                List.of(),
                null);
        return new BillRequest(
                tariff,
                new Account("3300012345", "张伟", List.of(), null, null, null, null),
                new Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
                usage,
                new BigDecimal("2600"),
                List.of(),
                LocalDate.of(2026, 12, 1),
                List.of(),
                null,
                List.of());
    }

    @Test
    void billsTheZhejiangExample() throws Exception {
        Bill bill = GridcoreKt.bill(request(zhejiang(), "8500"));
        assertEquals(new BigDecimal("168.40"), bill.getTotal());
        assertEquals("86.08", bill.getLines().get(0).getAmount().toPlainString());
        assertEquals("82.32", bill.getLines().get(1).getAmount().toPlainString());
        assertEquals(30, bill.getPeriod().getDays());
        assertEquals("电度电费(第1档)", bill.getLines().get(0).getDescription().getZh());
    }

    @Test
    void badInputThrowsWithCodeAndPath() throws Exception {
        Tariff tariff = zhejiang();
        GridcoreException.Metering e = assertThrows(GridcoreException.Metering.class, () -> GridcoreKt.bill(request(tariff, "8100")));
        assertEquals("reading_backwards", e.getCode());
        assertEquals("usage.readings[0].end", e.getPath());
    }

    @Test
    void oneCatchReadsCodeAndPathOfEveryKind() throws Exception {
        Tariff tariff = zhejiang();
        try {
            GridcoreKt.bill(request(tariff, "8100"));
            throw new AssertionError("no exception");
        } catch (GridcoreException e) { // the base class: no need to catch each kind
            assertInstanceOf(GridcoreException.Metering.class, e);
            assertEquals("reading_backwards", e.getCode());
            assertEquals("usage.readings[0].end", e.getPath());
        }
        GridcoreException e = assertThrows(GridcoreException.class, () -> Tariff.fromJson("{\"id\": \"x\"}"));
        assertInstanceOf(GridcoreException.Tariff.class, e);
        assertEquals("invalid_field", e.getCode());
    }

    @Test
    void factoriesAreStaticAndReadFiles() throws Exception {
        assertEquals(zhejiang().id(), Tariff.fromFile(TARIFFS.resolve("zj-residential-tiered.json")).id());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Tariff.fromFile(TARIFFS.resolve("no-such-tariff.json")));
        assertEquals(TemplateSet.builtin().toJson(), TemplateSet.fromJson(TemplateSet.builtin().toJson()).toJson());
    }

    @Test
    void noticeValuesAreTyped() throws Exception {
        Bill bill = GridcoreKt.bill(request(zhejiang(), "8500"));
        java.util.Map<String, Object> values = java.util.Map.of(
                "name", "张伟", "account", "3300012345", "period", "2026年11月", "kwh", 300,
                "amount", new BigDecimal("16840E-2"), "due_date", LocalDate.of(2026, 12, 15));
        Notice typed = GridcoreKt.renderNotice(TemplateSet.builtin(), "bill_notice", Channel.SMS, Locale.ZH_CN, values);
        Notice text = GridcoreKt.renderNotice(TemplateSet.builtin(), "bill_notice", Channel.SMS, Locale.ZH_CN, java.util.Map.of(
                "name", "张伟", "account", "3300012345", "period", "2026年11月", "kwh", "300",
                "amount", bill.getTotal().toPlainString(), "due_date", "2026-12-15"));
        assertEquals(text, typed); // 16840E-2 goes as 168.40: plain digits, never the exponent form
        GridcoreException e = assertThrows(GridcoreException.class, () -> GridcoreKt.renderNotice(TemplateSet.builtin(), "bill_notice",
                Channel.SMS, Locale.ZH_CN, java.util.Map.of("amount", 168.4)));
        assertEquals("invalid_field", e.getCode());
        org.junit.jupiter.api.Assertions.assertTrue(e.getReason().contains("`Double`"), e.getReason());
    }

    @Test
    void theBuilderMakesTheSameRequestAndNamesAMissingField() throws Exception {
        Tariff tariff = zhejiang();
        BillRequest built = BillRequestBuilder.of(tariff)
                .account(new Account("3300012345", "张伟"))
                .period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1))
                .usage(new UsageInput(new Meter(BigDecimal.ONE, BigDecimal.ONE),
                        List.of(new Reading(Register.TOTAL, new BigDecimal("8200"), new BigDecimal("8500")))))
                .yearToDateKwh(new BigDecimal("2600"))
                .asOf(LocalDate.of(2026, 12, 1))
                .build();
        assertEquals(GridcoreKt.billToJson(GridcoreKt.bill(request(tariff, "8500"))), GridcoreKt.billToJson(GridcoreKt.bill(built)));
        GridcoreException e = assertThrows(GridcoreException.class,
                () -> BillRequestBuilder.of(tariff).period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)).asOf(LocalDate.of(2026, 12, 1)).build());
        assertEquals("account", e.getPath());
        assertEquals("invalid_field", e.getCode());
    }
}
