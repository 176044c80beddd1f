package io.laas.projector.report.service;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.laas.projector.report.AccountBalance;
import io.laas.projector.report.ReportLine;

/**
 * The accounts of one part of a report (one currency, perhaps one section) as a tree by {@code parent_code}, with
 * every account's balance rolled up from its descendants. An account whose parent is not among them (none, or one
 * of another section) is a root. Walks are iterative, so a deep chart cannot overflow the stack; an account on a
 * cycle of parents (which the ledger does not let happen) is taken as a root rather than lost.
 */
public final class AccountTree {

    private AccountTree() {
    }

    /**
     * The lines of the tree in pre-order (a parent before its children; roots and siblings in the order given, by
     * code). Without {@code includeZero}, an account shows when its own balance is not zero or one of its
     * descendants shows, so every line's parent in the tree shows too; with it, every account shows.
     */
    public static List<ReportLine> lines(List<AccountBalance> accounts, boolean includeZero) {
        int n = accounts.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(accounts.get(i).code(), i);
        }
        List<List<Integer>> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            children.add(new ArrayList<>(0));
        }
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Integer parent = accounts.get(i).parentCode() == null ? null : index.get(accounts.get(i).parentCode());
            if (parent == null || parent == i) {
                roots.add(i);
            } else {
                children.get(parent).add(i);
            }
        }

        // Pre-order from the roots; accounts not reached sit on a cycle: each becomes a root in turn.
        int[] order = new int[n];
        int[] depth = new int[n];
        int[] treeParent = new int[n];
        boolean[] reached = new boolean[n];
        int visited = 0;
        Deque<Integer> stack = new ArrayDeque<>();
        int nextUnreached = 0;
        int rootIndex = 0;
        while (visited < n) {
            int root;
            if (rootIndex < roots.size()) {
                root = roots.get(rootIndex++);
            } else {
                while (reached[nextUnreached]) {
                    nextUnreached++;
                }
                root = nextUnreached;
            }
            if (reached[root]) {
                continue;
            }
            reached[root] = true;
            depth[root] = 0;
            treeParent[root] = -1;
            stack.push(root);
            while (!stack.isEmpty()) {
                int node = stack.pop();
                order[visited++] = node;
                List<Integer> kids = children.get(node);
                for (int k = kids.size() - 1; k >= 0; k--) {
                    int child = kids.get(k);
                    if (!reached[child]) {
                        reached[child] = true;
                        depth[child] = depth[node] + 1;
                        treeParent[child] = node;
                        stack.push(child);
                    }
                }
            }
        }

        // Children come after their parent in pre-order: walking it backwards rolls every subtree up.
        BigDecimal[] rolledUp = new BigDecimal[n];
        boolean[] shows = new boolean[n];
        for (int i = 0; i < n; i++) {
            rolledUp[i] = accounts.get(i).netDebit();
            shows[i] = includeZero || accounts.get(i).netDebit().signum() != 0;
        }
        for (int p = n - 1; p >= 0; p--) {
            int node = order[p];
            for (int child : children.get(node)) {
                if (treeParent[child] == node) {
                    rolledUp[node] = rolledUp[node].add(rolledUp[child]);
                    shows[node] |= shows[child];
                }
            }
        }

        List<ReportLine> lines = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            int node = order[p];
            if (shows[node]) {
                AccountBalance account = accounts.get(node);
                lines.add(new ReportLine(account, depth[node], account.netDebit(), rolledUp[node]));
            }
        }
        return lines;
    }

    /** The sum of the lines' own debits − credits, seen from {@code direction}: no rolled-up figure counted twice. */
    public static BigDecimal total(List<AccountBalance> accounts, String direction) {
        BigDecimal netDebit = BigDecimal.ZERO;
        for (AccountBalance account : accounts) {
            netDebit = netDebit.add(account.netDebit());
        }
        return ReportLine.towards(direction, netDebit);
    }
}
