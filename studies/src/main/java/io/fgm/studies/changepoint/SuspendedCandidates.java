package io.fgm.studies.changepoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Candidates of {@link MeanVarCostSolver} that cannot win while the segment of another candidate,
 * their suspender, stays floored (variance at or below 1e-11). They are left out of the evaluation
 * and come back, in order, as soon as the suspender's segment is no longer floored.
 */
final class SuspendedCandidates {
    private final List<Group> groups = new ArrayList<>();
    private int size;

    private static final class Group {
        final int suspender;
        int[] members = new int[16];
        int count;

        Group(int suspender) {
            this.suspender = suspender;
        }
    }

    /** Suspends {@code tau} behind {@code suspender}. */
    void add(int suspender, int tau) {
        Group group = null;
        for (Group g : groups) {
            if (g.suspender == suspender) {
                group = g;
                break;
            }
        }
        if (group == null) {
            group = new Group(suspender);
            groups.add(group);
        }
        if (group.count == group.members.length) {
            group.members = Arrays.copyOf(group.members, 2 * group.count);
        }
        group.members[group.count++] = tau;
        size++;
    }

    /** Number of suspended candidates. */
    int size() {
        return size;
    }

    /**
     * Moves back every group whose suspender is no longer floored at {@code t} into the sorted
     * list {@code live[0, k)}, keeping it sorted.
     *
     * @return the new length of the live list; {@code live} must have room for every suspended
     *     candidate
     */
    int release(int t, MeanVarCostSolver solver, int[] live, int k) {
        int length = k;
        for (int i = groups.size() - 1; i >= 0; i--) {
            Group g = groups.get(i);
            if (solver.floored(g.suspender, t)) {
                continue;
            }
            groups.remove(i);
            size -= g.count;
            int[] members = Arrays.copyOf(g.members, g.count);
            Arrays.sort(members);
            length = merge(live, length, members);
        }
        return length;
    }

    /** Merges sorted {@code extra} into sorted {@code live[0, k)}; returns the new length. */
    private static int merge(int[] live, int k, int[] extra) {
        int[] merged = new int[k + extra.length];
        int i = 0;
        int j = 0;
        int w = 0;
        while (i < k || j < extra.length) {
            if (j == extra.length || (i < k && live[i] < extra[j])) {
                merged[w++] = live[i++];
            } else {
                merged[w++] = extra[j++];
            }
        }
        if (merged.length > live.length) {
            throw new IllegalStateException("live list too short: " + live.length);
        }
        System.arraycopy(merged, 0, live, 0, w);
        return w;
    }
}
