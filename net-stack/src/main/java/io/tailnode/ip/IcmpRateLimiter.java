package io.tailnode.ip;

/**
 * Token bucket for ICMP/ICMPv6 error messages (RFC 4443 §2.4(f), RFC 1812 §4.3.2.8): up to {@code burst}
 * errors at once, then one more per {@code intervalMs}. Time is passed in (ms, any epoch, monotonic); the
 * bucket starts full at the first call. A clock that steps back restarts the accrual rather than minting
 * tokens. One bucket for the whole device, not per destination: the device answers few peers, and a global
 * bound is what keeps a flood from turning the tunnel into an ICMP amplifier. Not thread-safe.
 */
public final class IcmpRateLimiter {
    private final int burst;
    private final long intervalMs;
    private int tokens;
    private long lastMs;
    private boolean started;

    public IcmpRateLimiter(int burst, long intervalMs) {
        if (burst < 1 || intervalMs < 1) {
            throw new IllegalArgumentException("rate");
        }
        this.burst = burst;
        this.intervalMs = intervalMs;
    }

    /** Takes one token if available at {@code nowMs}; false means "rate-limited, do not send". */
    @io.tailnode.lang.HotPath
    public boolean tryAcquire(long nowMs) {
        if (!started) {
            started = true;
            tokens = burst;
            lastMs = nowMs;
        } else if (nowMs < lastMs) {
            lastMs = nowMs;
        } else {
            long add = (nowMs - lastMs) / intervalMs;
            if (add >= burst - tokens) {
                tokens = burst;
                lastMs = nowMs;
            } else if (add > 0) {
                tokens += (int) add;
                lastMs += add * intervalMs;
            }
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** Tokens left as of the last call. */
    public int tokens() {
        return tokens;
    }
}
