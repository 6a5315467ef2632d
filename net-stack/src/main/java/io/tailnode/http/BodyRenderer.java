package io.tailnode.http;

/**
 * A response body produced in bounded steps, so a body of any length (many peers, many drop reasons) streams
 * through one fixed chunk buffer as HTTP chunks: each step renders at most one chunk buffer's worth. A step may
 * render nothing (an empty peer slot). Steps are rendered in order 0..stepCount()-1 after {@link #begin}.
 */
interface BodyRenderer {
    /** Snapshots per-response values (counts) before step 0. */
    void begin();

    int stepCount();

    void render(int step, TextOut out);
}
