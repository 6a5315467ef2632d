package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.Flash;
import io.tailnode.firmware.hal.HalStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Host NOR flash for the simulator and tests: RAM-backed (load/save an image file), geometry from the
 * constructor, alignment and program-once enforced ({@link HalStatus#ERR_NOT_ERASED}), and power cuts modelled
 * the way real NOR flash behaves.
 * <p>
 * <b>Cuts.</b> {@link #armCut(long, int)} picks the Nth program/erase operation (counted from creation; rejected
 * calls are not operations) and a byte offset in it. Then:
 * <ul>
 * <li>program: units before the one holding the offset are programmed, units after it stay erased, and that
 *     unit is <em>torn</em>: each bit that should have become 0 is either firmly 0, still 1, or unstable (reads
 *     differently on every read, seeded random) until the sector is erased; 1 in 8 torn units are "ghosts" that
 *     read as erased but cannot be programmed (the cells took some charge) — program-once makes that visible;</li>
 * <li>erase: bytes before the offset are erased; from it on every 0 bit of the old data is either still 0, now 1,
 *     or unstable; in 1 of 4 cuts the whole sector instead reads as all 0xFF (a weak erase that looks complete).</li>
 * </ul>
 * After the cut every operation (read too) throws {@link PowerCut}; {@link #reboot()} powers the flash on again.
 * Programming can only clear bits, so torn states are the reachable ones: that is what makes the model "real".
 * Not thread-safe.
 */
public final class SimFlash implements Flash {
    /** One recorded operation (when {@link #recordOperations} is on): an erase of a sector or a program. */
    public record Op(boolean erase, int address, int length) {
        /** Number of byte offsets a cut can hit. */
        public int cutPoints() {
            return length;
        }
    }

    private final int sectorCount;
    private final int sectorSize;
    private final int unit;
    private final byte[] data;
    /** Unit programmed (or partly charged) since its last erase. */
    private final boolean[] programmed;
    /** Unit has torn bits: read through stableZero/unstable instead of data. */
    private final boolean[] torn;
    private final byte[] stableZero;
    private final byte[] unstable;
    private final long[] erases;
    private final Random noise;
    private long operations;
    private long armedOp = -1;
    private int armedOffset;
    private boolean cut;
    private List<Op> log;

    public SimFlash(int sectorCount, int sectorSize, int programUnit, long seed) {
        if (Integer.bitCount(programUnit) != 1 || sectorSize % programUnit != 0) {
            throw new IllegalArgumentException("bad geometry");
        }
        this.sectorCount = sectorCount;
        this.sectorSize = sectorSize;
        this.unit = programUnit;
        int size = sectorCount * sectorSize;
        this.data = new byte[size];
        Arrays.fill(data, (byte) 0xFF);
        this.programmed = new boolean[size / unit];
        this.torn = new boolean[size / unit];
        this.stableZero = new byte[size];
        this.unstable = new byte[size];
        this.erases = new long[sectorCount];
        this.noise = new Random(seed);
    }

    /** Loads a raw image (as saved by {@link #save}); units not all 0xFF count as programmed. */
    public static SimFlash load(Path image, int sectorCount, int sectorSize, int programUnit) throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        if (bytes.length != sectorCount * sectorSize) {
            throw new IOException("image is " + bytes.length + " bytes, geometry says " + sectorCount * sectorSize);
        }
        SimFlash f = new SimFlash(sectorCount, sectorSize, programUnit, 1);
        System.arraycopy(bytes, 0, f.data, 0, bytes.length);
        for (int u = 0; u < f.programmed.length; u++) {
            for (int i = 0; i < programUnit; i++) {
                if (bytes[u * programUnit + i] != (byte) 0xFF) {
                    f.programmed[u] = true;
                    break;
                }
            }
        }
        return f;
    }

    /** Saves the image as it reads now (torn bits as one read sees them). */
    public void save(Path image) throws IOException {
        byte[] out = new byte[data.length];
        readRaw(0, out, 0, out.length);
        Files.write(image, out);
    }

    @Override
    public int sectorCount() {
        return sectorCount;
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public int programUnit() {
        return unit;
    }

    @Override
    public int read(int address, byte[] buf, int off, int len) {
        checkPower();
        if (address < 0 || len < 0 || address + len > data.length) {
            return HalStatus.ERR_RANGE;
        }
        readRaw(address, buf, off, len);
        return HalStatus.OK;
    }

    private void readRaw(int address, byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            int a = address + i;
            if (torn[a / unit]) {
                int zero = stableZero[a] | (unstable[a] & noise.nextInt(256));
                buf[off + i] = (byte) ~zero;
            } else {
                buf[off + i] = data[a];
            }
        }
    }

    @Override
    public int program(int address, byte[] buf, int off, int len) {
        checkPower();
        if (address % unit != 0 || len % unit != 0) {
            return HalStatus.ERR_ALIGNMENT;
        }
        if (address < 0 || len < 0 || address + len > data.length) {
            return HalStatus.ERR_RANGE;
        }
        for (int a = address; a < address + len; a += unit) {
            if (programmed[a / unit]) {
                return HalStatus.ERR_NOT_ERASED;
            }
        }
        long op = operations++;
        if (log != null) {
            log.add(new Op(false, address, len));
        }
        int cutAt = op == armedOp ? armedOffset : len;
        int fullUnits = (cutAt / unit) * unit;
        for (int i = 0; i < fullUnits; i++) {
            data[address + i] = buf[off + i];
        }
        for (int a = address; a < address + fullUnits; a += unit) {
            programmed[a / unit] = true;
        }
        if (op == armedOp) {
            tear(address + fullUnits, buf, off + fullUnits);
            cut = true;
            throw new PowerCut("program @" + address + "+" + armedOffset);
        }
        return HalStatus.OK;
    }

    /** Leaves the unit at {@code address} torn on its way to {@code buf[off..off+unit)}. */
    private void tear(int address, byte[] buf, int off) {
        int u = address / unit;
        programmed[u] = true;
        torn[u] = true;
        boolean ghost = noise.nextInt(8) == 0;
        for (int i = 0; i < unit; i++) {
            int toZero = ~buf[off + i] & 0xFF;
            int firm = ghost ? 0 : toZero & noise.nextInt(256);
            int shaky = ghost ? 0 : toZero & ~firm & noise.nextInt(256);
            stableZero[address + i] = (byte) firm;
            unstable[address + i] = (byte) shaky;
            data[address + i] = (byte) ~(firm | shaky);
        }
    }

    @Override
    public int erase(int sector) {
        checkPower();
        if (sector < 0 || sector >= sectorCount) {
            return HalStatus.ERR_RANGE;
        }
        long op = operations++;
        if (log != null) {
            log.add(new Op(true, sector * sectorSize, sectorSize));
        }
        int base = sector * sectorSize;
        erases[sector]++;
        if (op != armedOp) {
            eraseRange(base, sectorSize);
            return HalStatus.OK;
        }
        cut = true;
        if (noise.nextInt(4) == 0) {
            // Weak erase: reads as erased, and the store has no way to tell from the data alone.
            eraseRange(base, sectorSize);
        } else {
            eraseRange(base, armedOffset);
            for (int a = base + armedOffset; a < base + sectorSize; a++) {
                int zeros = ~currentByte(a) & 0xFF;
                int firm = zeros & noise.nextInt(256);
                int shaky = zeros & ~firm & noise.nextInt(256);
                stableZero[a] = (byte) firm;
                unstable[a] = (byte) shaky;
                data[a] = (byte) ~(firm | shaky);
            }
            int firstUnit = (base + armedOffset) / unit;
            for (int u = firstUnit; u < (base + sectorSize) / unit; u++) {
                boolean charged = false;
                for (int i = 0; i < unit; i++) {
                    charged |= (stableZero[u * unit + i] | unstable[u * unit + i]) != 0;
                }
                programmed[u] = charged;
                torn[u] = charged;
            }
        }
        throw new PowerCut("erase sector " + sector + " @" + armedOffset);
    }

    private int currentByte(int a) {
        return torn[a / unit] ? ~(stableZero[a] | unstable[a]) & 0xFF : data[a] & 0xFF;
    }

    private void eraseRange(int address, int len) {
        Arrays.fill(data, address, address + len, (byte) 0xFF);
        Arrays.fill(stableZero, address, address + len, (byte) 0);
        Arrays.fill(unstable, address, address + len, (byte) 0);
        int u0 = address / unit;
        int u1 = (address + len + unit - 1) / unit;
        // An erase cut mid-unit leaves the unit's tail for the mix loop to set; whole units are clean here.
        for (int u = u0; u < u1; u++) {
            programmed[u] = false;
            torn[u] = false;
        }
    }

    private void checkPower() {
        if (cut) {
            throw new PowerCut("flash is powered off");
        }
    }

    /**
     * Arms a cut at byte {@code offset} of operation number {@code op} (0-based, counted since creation); the
     * noise of the cut comes from {@code seed}.
     */
    public void armCut(long op, int offset, long seed) {
        armedOp = op;
        armedOffset = offset;
        // java.util.Random's first outputs are correlated for nearby seeds (and cut points use nearby seeds):
        // scramble with the SplitMix64 finaliser so every cut draws independent noise.
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        noise.setSeed(z ^ (z >>> 31));
    }

    /** Power back on: clears the cut (torn units stay torn until erased). */
    public void reboot() {
        cut = false;
        armedOp = -1;
    }

    public boolean isCut() {
        return cut;
    }

    /** Program and erase operations so far. */
    public long operations() {
        return operations;
    }

    /** Starts recording every program/erase operation (for enumerating cut points). */
    public void recordOperations() {
        log = new ArrayList<>();
    }

    public List<Op> recordedOperations() {
        return log;
    }

    /** Times sector {@code sector} was erased (including interrupted erases). */
    public long eraseCount(int sector) {
        return erases[sector];
    }

    /** Flips one bit as retention loss or a disturb would (sticky; a torn unit's bit is made stable). */
    public void flipBit(int address, int bit) {
        // A torn unit is frozen first (its stable view), then the bit flips.
        int u = address / unit;
        for (int i = u * unit; i < u * unit + unit; i++) {
            data[i] = (byte) currentByte(i);
        }
        torn[u] = false;
        data[address] ^= (byte) (1 << bit);
    }

    /** The raw byte as stored (tests). */
    public int peek(int address) {
        return currentByte(address);
    }
}
