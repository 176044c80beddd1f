package io.laas.projector.report.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.laas.projector.report.AccountBalance;
import io.laas.projector.report.ReportLine;

class AccountTreeTest {

    @Test
    void parentsRollUpTheirDescendantsAndShowWhenOneOfThemShows() {
        List<ReportLine> lines = AccountTree.lines(List.of(
                account("a", null, "0"),
                account("a:1", "a", "10"),
                account("a:1:x", "a:1", "-4"),
                account("a:2", "a", "0"),
                account("b", null, "0"),
                account("b:1", "b", "0")), false);
        assertEquals(List.of("a", "a:1", "a:1:x"), codes(lines));
        assertEquals(List.of(0, 1, 2), lines.stream().map(ReportLine::depth).toList());
        assertEquals(List.of("6", "6", "-4"), lines.stream().map(l -> l.rolledUpNetDebit().toPlainString()).toList());
        assertEquals(List.of("0", "10", "-4"), lines.stream().map(l -> l.ownNetDebit().toPlainString()).toList());

        List<ReportLine> all = AccountTree.lines(List.of(account("a", null, "0"), account("a:1", "a", "0")), true);
        assertEquals(List.of("a", "a:1"), codes(all));
    }

    @Test
    void aParentOutsideThePartMakesARootAndAZeroSumOfChildrenStillShowsTheParent() {
        List<ReportLine> lines = AccountTree.lines(List.of(
                account("p:1", "p", "5"),
                account("q", null, "0"),
                account("q:1", "q", "7"),
                account("q:2", "q", "-7")), false);
        assertEquals(List.of("p:1", "q", "q:1", "q:2"), codes(lines));
        assertEquals(List.of(0, 0, 1, 1), lines.stream().map(ReportLine::depth).toList());
        assertEquals("0", lines.get(1).rolledUpNetDebit().toPlainString());
    }

    @Test
    void aDeepChainAndACycleOfParentsAreWalkedWithoutLosingAnAccount() {
        List<AccountBalance> chain = new ArrayList<>();
        chain.add(account("c0", null, "1"));
        for (int i = 1; i < 50_000; i++) {
            chain.add(account("c" + i, "c" + (i - 1), "1"));
        }
        List<ReportLine> lines = AccountTree.lines(chain, false);
        assertEquals(50_000, lines.size());
        assertEquals("50000", lines.get(0).rolledUpNetDebit().toPlainString());
        assertEquals(49_999, lines.get(49_999).depth());

        List<ReportLine> cycle = AccountTree.lines(List.of(account("x", "y", "1"), account("y", "x", "2")), false);
        assertEquals(List.of("x", "y"), codes(cycle));
        assertEquals("3", cycle.get(0).rolledUpNetDebit().toPlainString());
    }

    private static AccountBalance account(String code, String parent, String netDebit) {
        return new AccountBalance(code, code, "asset", "debit", "USD", 2, parent, new BigDecimal(netDebit));
    }

    private static List<String> codes(List<ReportLine> lines) {
        return lines.stream().map(line -> line.account().code()).toList();
    }
}
