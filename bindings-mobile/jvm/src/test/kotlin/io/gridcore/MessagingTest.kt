package io.gridcore

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The messaging centre through Kotlin: notices from typed values and delivery plans. */
class MessagingTest {
    @Test
    fun `messaging - a bill notice SMS from typed values, and marketing deferred to 08_00`() {
        val n = renderNotice(TemplateSet.builtin(), "bill_notice", Channel.SMS, Locale.ZH_CN, mapOf(
            "name" to "张伟", "account" to "3300012345", "period" to "2026年11月", "kwh" to "300", "amount" to "168.40", "due_date" to "2026-12-15"))
        assertEquals(74, n.sms!!.length)
        assertEquals(2, n.sms!!.segments)
        val e = assertThrows<GridcoreException.Request> {
            renderNotice(TemplateSet.builtin(), "bill_notice", Channel.SMS, Locale.ZH_CN, mapOf("name" to "张伟"))
        }
        assertEquals("missing_value", e.code)
        val plan = planDelivery(Channel.SMS, Category.MARKETING, listOf(Consent(Channel.SMS, true, true)), emptyList(),
            java.time.LocalDateTime.of(2026, 11, 23, 21, 0), null)
        assertEquals(DeliveryAction.DEFER, plan.action)
        assertEquals(java.time.LocalDateTime.of(2026, 11, 24, 8, 0), plan.at)
    }
}
