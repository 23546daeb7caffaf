package org.mbrl4j.agent.planner;

/**
 * Splits one episode's C = S + N candidates (S fixed, then N sampled) into blocks for
 * {@link BlockedRolloutScoring}: the N sampled candidates in near-equal chunks (lengths differing by at
 * most one, so no block is a short remainder) of at most {@code blockRows} and at least {@code minRows}
 * candidates, the S fixed ones joining the first block. Every block rolls out at least {@code minRows}
 * sampled rows and scores at least that many (the backend's {@link org.mbrl4j.backend.Backend#minRowBlock},
 * below which a product may take another kernel). bounds[j]..bounds[j+1] is block j.
 */
final class CandidateBlocks {
    private CandidateBlocks() {}

    static int[] bounds(int fixed, int sampled, int blockRows, int minRows) {
        if (fixed < 0 || sampled < 1 || blockRows < 1 || minRows < 1) {
            throw new IllegalArgumentException("candidate blocks: fixed=" + fixed + " must be >= 0, sampled=" + sampled
                    + ", blockRows=" + blockRows + " and minRows=" + minRows + " >= 1");
        }
        int target = Math.max(blockRows, minRows);
        int chunks = Math.max(1, Math.min((sampled + target - 1) / target, sampled / minRows));
        int[] bounds = new int[chunks + 1];
        for (int j = 1; j <= chunks; j++) {
            bounds[j] = fixed + (int) ((long) sampled * j / chunks);
        }
        return bounds;
    }
}
