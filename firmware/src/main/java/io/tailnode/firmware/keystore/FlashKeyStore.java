package io.tailnode.firmware.keystore;

import io.tailnode.crypto.ConstantTime;
import io.tailnode.firmware.hal.Flash;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * {@link RecordStore} on NOR flash that survives power cuts: a log of records in one live sector of a
 * configured sector range, the others erased spares (byte layout: {@link KeyStoreLayout}).
 * <p>
 * <b>Write</b>: the record body (header, payload, BLAKE2s-128 check) is programmed, then its commit unit in a
 * separate operation; a record without a matching commit unit does not exist, so a cut leaves the old value.
 * <b>Mount</b>: the live sector is the activated one with the highest sector sequence; in it, the latest valid,
 * committed record of each type (by record sequence) is the value; torn or bit-flipped records are skipped,
 * so the previous good record of that type is used. Older activated sectors (a garbage collection or reset cut
 * before its old sector was erased) and sectors holding partial data are erased at mount.
 * <b>Garbage collection</b> (live sector full): the least-worn other sector is erased if it is not a clean spare,
 * given a header (erase count) and erase-complete mark, the latest record of every type (unknown types too,
 * deletions dropped) is copied verbatim (same sequence numbers), then the activation unit with sequence + 1 is
 * written: that is the commit, after which the old sector is erased and formatted as a spare. A cut before the
 * activation leaves the old sector live and intact; after it, the new one is complete.
 * <b>Factory reset</b> is a garbage collection that copies nothing: atomic at its activation unit (before it every
 * value, after it none — never a subset), then every other sector is erased; a mount after a cut finishes the
 * erasing, so no old record outlives the first mount after a reset committed.
 * <p>
 * <b>Idle maintenance</b> ({@link #setIdleMaintenance}, the event loop's mode): {@link #write} and {@link #delete}
 * never erase, because the loop calls them in the packet path and a sector erase takes hundreds of ms to seconds.
 * A garbage collection they need goes into an erased spare (programs only) and leaves the old sector's erase
 * pending; with no erased spare the write returns {@link #ERASE_PENDING} (counted, {@link #deferredWrites()}) and
 * changes nothing. {@link #maintain()}, which the loop runs only when idle, does the erases (one per call) and
 * collects a nearly full live sector ahead of need, so a spare is normally ready. Until it runs, the old sector
 * keeps superseded values (a mount erases it like any older activated sector).
 * <p>
 * All buffers are allocated in the constructor from the configured capacities; mount, read, write, delete,
 * garbage collection and reset allocate nothing. Not thread-safe: the event loop owns the store.
 */
public final class FlashKeyStore implements RecordStore {
    /** read/write/delete before a successful {@link #mount()}. */
    public static final int NOT_MOUNTED = -20;
    /** The flash holds a store of a newer format version; it is left untouched. */
    public static final int UNSUPPORTED_FORMAT = -21;
    /** Mount found more record types than the configured capacity. */
    public static final int TOO_MANY_TYPES = -22;
    /** Internal: a record's check failed while it was being copied (it decayed after mount). */
    private static final int CORRUPT = -23;
    /**
     * Idle maintenance: the write needs a garbage collection and no erased spare is ready; nothing changed. Retry
     * after the loop's next idle iteration ({@link #maintain()}).
     */
    public static final int ERASE_PENDING = -24;

    private static final int DIRTY = 0;
    private static final int SPARE = 1;
    private static final int LIVE = 2;
    private static final int STALE = 3;
    /** No header and all 0xFF: new from the factory (or a cut erase that looks complete); formatted when chosen. */
    private static final int BLANK = 4;

    private final Flash flash;
    private final KeyStoreLayout layout;
    private final IntegrityCheck check = new IntegrityCheck();
    private final RecordIndex index;
    private final int maxRecordSize;
    /** Record body being written, copy and scan chunks; a whole number of units. */
    private final byte[] work;
    /** Sector header area at mount; record header at read; commit unit at write. */
    private final byte[] head;
    private final byte[] digest = new byte[KeyStoreLayout.CHECK_LENGTH];
    private final byte[] stored;
    private final int[] sectorState;
    private final int[] eraseCount;
    private final int[] sectorSequence;
    private final int[] newAddresses;
    private boolean mounted;
    private int live = -1;
    private int writeOffset;
    private int nextSequence = 1;
    /** write/delete never erase; {@link #maintain()} does (see the class comment). */
    private boolean idleMaintenance;
    private long deferredWrites;

    /**
     * @param firstSector   first flash sector of the store
     * @param sectorCount   sectors in the store, at least 2
     * @param maxRecordSize largest payload accepted; a sector must hold at least one such record
     * @param maxTypes      record types the index can track (including types unknown to this firmware)
     * @throws IllegalArgumentException if the geometry cannot hold the layout
     */
    public FlashKeyStore(Flash flash, int firstSector, int sectorCount, int maxRecordSize, int maxTypes) {
        this.flash = flash;
        this.layout = new KeyStoreLayout(flash.programUnit(), flash.sectorSize(), firstSector, sectorCount);
        if (firstSector + sectorCount > flash.sectorCount() || maxTypes < 1 || maxRecordSize < 0
                || maxRecordSize > KeyStoreLayout.MAX_PAYLOAD
                || layout.footprint(maxRecordSize) > layout.recordCapacity()) {
            throw new IllegalArgumentException("key store configuration does not fit the flash");
        }
        this.maxRecordSize = maxRecordSize;
        this.index = new RecordIndex(maxTypes);
        this.work = new byte[Math.max(layout.bodyLength(maxRecordSize), layout.recordsOffset)];
        this.head = new byte[Math.max(layout.recordsOffset, KeyStoreLayout.RECORD_HEADER_LENGTH)];
        this.stored = new byte[KeyStoreLayout.CHECK_LENGTH + layout.unit];
        this.sectorState = new int[sectorCount];
        this.eraseCount = new int[sectorCount];
        this.sectorSequence = new int[sectorCount];
        this.newAddresses = new int[maxTypes];
    }

    /**
     * Scans the sectors and rebuilds the index (see the class comment); formats a blank or unreadable range.
     * May erase: it finishes an interrupted garbage collection or reset. Returns OK or a negative code.
     */
    public int mount() {
        mounted = false;
        index.clear();
        live = -1;
        int liveSequence = 0;
        int maxErase = 0;
        int minErase = Integer.MAX_VALUE;
        for (int s = 0; s < layout.sectorCount; s++) {
            int rc = flash.read(layout.sectorAddress(s), head, 0, layout.recordsOffset);
            if (rc < 0) {
                return rc;
            }
            int h = SectorHeader.decode(layout, check, head);
            if (h == SectorHeader.NEWER_VERSION) {
                return UNSUPPORTED_FORMAT;
            }
            eraseCount[s] = -1;
            sectorState[s] = DIRTY;
            if (h != SectorHeader.VALID) {
                rc = isErased(layout.sectorAddress(s), layout.sectorSize);
                if (rc < 0) {
                    return rc;
                }
                sectorState[s] = rc == 1 ? BLANK : DIRTY;
                continue;
            }
            eraseCount[s] = SectorHeader.eraseCount(head);
            maxErase = Math.max(maxErase, eraseCount[s]);
            minErase = Math.min(minErase, eraseCount[s]);
            if (!layout.isEraseMark(head, layout.markOffset)) {
                continue;
            }
            if (SectorHeader.isActivation(check, head, layout.activationOffset, eraseCount[s])) {
                sectorState[s] = STALE;
                sectorSequence[s] = SectorHeader.activationSequence(head, layout.activationOffset);
                if (live < 0 || sectorSequence[s] - liveSequence > 0) {
                    live = s;
                    liveSequence = sectorSequence[s];
                }
            } else {
                rc = isErased(layout.sectorAddress(s) + layout.recordsOffset, layout.recordCapacity());
                if (rc < 0) {
                    return rc;
                }
                sectorState[s] = rc == 1 ? SPARE : DIRTY;
            }
        }
        for (int s = 0; s < layout.sectorCount; s++) {
            if (eraseCount[s] < 0) {
                // No header. Blank: most likely never used, so the least worn (levelling then pulls it in);
                // garbage (a cut erase or format): unknown, assume the most worn so it is not preferred.
                eraseCount[s] = sectorState[s] == BLANK ? (minErase == Integer.MAX_VALUE ? 0 : minErase) : maxErase;
            }
        }
        int rc;
        if (live < 0) {
            nextSequence = 1;
            rc = collect(false, true);
        } else {
            sectorState[live] = LIVE;
            rc = scan();
        }
        if (rc < 0) {
            return rc;
        }
        rc = eraseLeftovers();
        if (rc < 0) {
            return rc;
        }
        mounted = true;
        return HalStatus.OK;
    }

    @HotPath
    public int read(int type, byte[] buf, int off, int maxLen) {
        if (!mounted) {
            return NOT_MOUNTED;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            int slot = index.find(type);
            if (slot < 0 || index.isTombstone(slot)) {
                return NOT_FOUND;
            }
            int len = index.length(slot);
            if (len > maxLen) {
                return BUFFER_TOO_SMALL;
            }
            int address = index.address(slot);
            // Re-check what is returned: the flash may have decayed since mount. The hash runs over the bytes
            // in the caller's buffer, so what passed the check is exactly what the caller gets.
            int rc = flash.read(address, head, 0, KeyStoreLayout.RECORD_HEADER_LENGTH);
            if (rc >= 0) {
                rc = flash.read(address + KeyStoreLayout.RECORD_HEADER_LENGTH, buf, off, len);
            }
            if (rc >= 0) {
                rc = flash.read(address + KeyStoreLayout.RECORD_HEADER_LENGTH + len, stored, 0,
                        KeyStoreLayout.CHECK_LENGTH);
            }
            if (rc < 0) {
                return rc;
            }
            check.begin();
            check.update(head, 0, KeyStoreLayout.RECORD_HEADER_LENGTH);
            check.update(buf, off, len);
            check.finish(digest, 0);
            if (ConstantTime.equals(digest, 0, stored, 0, KeyStoreLayout.CHECK_LENGTH)) {
                return len;
            }
            Bytes.wipe(buf, off, len);
            // Decayed since mount: a rescan falls back to the previous good record of the type, if any.
            rc = mount();
            if (rc < 0) {
                return rc;
            }
        }
        return HalStatus.ERR_IO;
    }

    @HotPath
    public int write(int type, byte[] buf, int off, int len) {
        if (!mounted) {
            return NOT_MOUNTED;
        }
        if (type < 1 || type > KeyStoreLayout.MAX_TYPE || len < 0) {
            return HalStatus.ERR_RANGE;
        }
        if (len > maxRecordSize) {
            return TOO_LARGE;
        }
        return append(type, KeyStoreLayout.FLAG_VALUE, buf, off, len);
    }

    @HotPath
    public int delete(int type) {
        if (!mounted) {
            return NOT_MOUNTED;
        }
        int slot = index.find(type);
        if (slot < 0 || index.isTombstone(slot)) {
            return NOT_FOUND;
        }
        return append(type, KeyStoreLayout.FLAG_TOMBSTONE, work, 0, 0);
    }

    /**
     * Erases every value, atomically (see the class comment), and every other sector. Works on an unmounted
     * store too (e.g. after {@link #UNSUPPORTED_FORMAT}): then all sectors are erased first. Returns OK or a
     * negative code; on a negative code the store is either unchanged or empty, and a later mount finishes it.
     */
    public int factoryReset() {
        int rc;
        if (!mounted) {
            for (int s = 0; s < layout.sectorCount; s++) {
                eraseCount[s] = Math.max(eraseCount[s], 0);
                rc = eraseAndFormat(s);
                if (rc < 0) {
                    return rc;
                }
            }
            live = -1;
            nextSequence = 1;
        }
        mounted = false;
        rc = collect(false, true);
        if (rc < 0) {
            return rc;
        }
        for (int s = 0; s < layout.sectorCount; s++) {
            if (s != live && sectorState[s] != SPARE) {
                rc = eraseAndFormat(s);
                if (rc < 0) {
                    return rc;
                }
            }
        }
        mounted = true;
        return HalStatus.OK;
    }

    /** Erase count of store sector {@code sector} (0-based in the store's range), as recorded in its header. */
    public int eraseCount(int sector) {
        return eraseCount[sector];
    }

    /** Store sector (0-based) currently live, or -1 if not mounted. */
    public int liveSector() {
        return mounted ? live : -1;
    }

    /** Bytes still free in the live sector before the next garbage collection. */
    public int freeBytes() {
        return mounted ? layout.sectorSize - writeOffset : 0;
    }

    public KeyStoreLayout layout() {
        return layout;
    }

    /**
     * Switches idle maintenance on or off (see the class comment); the event loop's owner switches it on once,
     * before the loop runs.
     */
    public void setIdleMaintenance(boolean on) {
        idleMaintenance = on;
    }

    /** Writes and deletes refused with {@link #ERASE_PENDING} (no erased spare for the garbage collection). */
    public long deferredWrites() {
        return deferredWrites;
    }

    /** True if {@link #maintain()} has a step to do (no flash access). */
    public boolean maintenancePending() {
        if (!mounted) {
            return false;
        }
        for (int s = 0; s < layout.sectorCount; s++) {
            if (s != live && sectorState[s] != SPARE) {
                return true;
            }
        }
        int reserve = layout.footprint(maxRecordSize);
        return layout.sectorSize - writeOffset < reserve
                && layout.recordCapacity() - index.liveFootprint(layout) >= reserve;
    }

    /**
     * One step of idle maintenance: erases one sector that is neither live nor a clean spare (the old sector of
     * a garbage collection, a blank or dirty one), or else, if the live sector has no room left for a largest
     * record and a collection would make some, collects it into a spare (programs only; the old sector's erase is
     * the next step). At most one erase or one collection per call; the caller bounds its time by the board's
     * worst erase and collection time.
     *
     * @return 1 if a step was done, 0 if the store needs nothing, or a negative code
     */
    public int maintain() {
        if (!mounted) {
            return NOT_MOUNTED;
        }
        if (!maintenancePending()) {
            return 0;
        }
        for (int s = 0; s < layout.sectorCount; s++) {
            if (s != live && sectorState[s] != SPARE) {
                int rc = eraseAndFormat(s);
                return rc < 0 ? rc : 1;
            }
        }
        int reserve = layout.footprint(maxRecordSize);
        if (layout.sectorSize - writeOffset < reserve
                && layout.recordCapacity() - index.liveFootprint(layout) >= reserve) {
            int rc = collect(true, false);
            return rc < 0 ? rc : 1;
        }
        return 0;
    }

    private int append(int type, int flags, byte[] buf, int off, int len) {
        int need = layout.footprint(len);
        int collections = 0;
        while (true) {
            int slot = index.find(type);
            boolean room = writeOffset + need <= layout.sectorSize;
            if (slot < 0 && index.isFull()) {
                if (!index.hasTombstones()) {
                    return FULL;
                }
                room = false;
            }
            if (!room) {
                if (index.liveFootprint(layout) + need > layout.recordCapacity()
                        || collections++ >= layout.sectorCount) {
                    return FULL;
                }
                int rc = collect(true, !idleMaintenance);
                if (rc == ERASE_PENDING) {
                    deferredWrites++;
                    return rc;
                }
                if (rc < 0 && rc != HalStatus.ERR_IO) {
                    return rc;
                }
                continue;
            }
            int rc = program(type, flags, buf, off, len);
            if (rc == HalStatus.ERR_NOT_ERASED) {
                // A unit there was not erased (a torn write that reads as 0xFF): step over it and retry.
                writeOffset += layout.unit;
                continue;
            }
            return rc;
        }
    }

    /** Writes one record at the write offset: body, then the commit unit; indexes it once committed. */
    private int program(int type, int flags, byte[] buf, int off, int len) {
        int sequence = nextSequence++;
        int bodyLength = layout.bodyLength(len);
        int checkOffset = KeyStoreLayout.RECORD_HEADER_LENGTH + len;
        RecordHeader.put(check, work, 0, type, len, flags, sequence);
        System.arraycopy(buf, off, work, KeyStoreLayout.RECORD_HEADER_LENGTH, len);
        check.begin();
        check.update(work, 0, checkOffset);
        check.finish(work, checkOffset);
        for (int i = checkOffset + KeyStoreLayout.CHECK_LENGTH; i < bodyLength; i++) {
            work[i] = (byte) 0xFF;
        }
        putCommit(work, checkOffset, head);
        int address = layout.sectorAddress(live) + writeOffset;
        int rc = flash.program(address, work, 0, bodyLength);
        if (rc < 0) {
            return rc;
        }
        rc = flash.program(address + bodyLength, head, 0, layout.unit);
        if (rc < 0) {
            if (rc == HalStatus.ERR_NOT_ERASED) {
                writeOffset += bodyLength;
            }
            return rc;
        }
        writeOffset += bodyLength + layout.unit;
        index.offer(type, address, sequence, len, flags);
        return HalStatus.OK;
    }

    /** The commit unit: the first bytes of the record's check (record-specific, so no stray unit matches). */
    private void putCommit(byte[] checkBuf, int checkOff, byte[] out) {
        int n = Math.min(layout.unit, KeyStoreLayout.CHECK_LENGTH);
        System.arraycopy(checkBuf, checkOff, out, 0, n);
        for (int i = n; i < layout.unit; i++) {
            out[i] = 0;
        }
    }

    /**
     * Moves the live records (all of them if {@code keepRecords}, none for a reset) into a fresh sector and
     * activates it, then erases the old live sector. Returns OK, or a negative code with the old sector still
     * live (ERR_IO from erasing the old sector after the commit is the exception: the new sector is live then).
     * Without {@code mayErase} (idle maintenance) only a clean spare is a target ({@link #ERASE_PENDING} if none)
     * and the old sector is left for {@link #maintain()} to erase.
     */
    private int collect(boolean keepRecords, boolean mayErase) {
        for (int attempt = 0; attempt <= layout.sectorCount; attempt++) {
            int target = pickTarget(!mayErase);
            if (target < 0) {
                return ERASE_PENDING;
            }
            int rc = HalStatus.OK;
            if (sectorState[target] != SPARE) {
                rc = eraseAndFormat(target);
            }
            int position = layout.recordsOffset;
            for (int i = 0; keepRecords && rc >= 0 && i < index.count(); i++) {
                if (index.isTombstone(i)) {
                    newAddresses[i] = -1;
                    continue;
                }
                int to = layout.sectorAddress(target) + position;
                rc = copyRecord(index.address(i), index.length(i), to);
                newAddresses[i] = to;
                position += layout.footprint(index.length(i));
            }
            if (rc >= 0) {
                int sequence = (live < 0 ? 0 : sectorSequence[live]) + 1;
                SectorHeader.putActivation(layout, check, work, 0, sequence, eraseCount[target]);
                rc = flash.program(layout.sectorAddress(target) + layout.activationOffset, work, 0, layout.unit);
                sectorSequence[target] = sequence;
            }
            if (rc == HalStatus.ERR_NOT_ERASED) {
                sectorState[target] = DIRTY;
                continue;
            }
            if (rc == CORRUPT) {
                // A live record decayed after mount: rescan (it falls back to that type's previous good record,
                // and erases the half-filled target), then collect again.
                rc = mount();
                if (rc < 0) {
                    return rc;
                }
                continue;
            }
            if (rc < 0) {
                sectorState[target] = DIRTY;
                return rc;
            }
            int old = live;
            live = target;
            sectorState[target] = LIVE;
            writeOffset = position;
            if (keepRecords) {
                index.relocate(newAddresses);
            } else {
                index.clear();
            }
            if (old >= 0) {
                sectorState[old] = STALE;
                return mayErase ? eraseAndFormat(old) : HalStatus.OK;
            }
            return HalStatus.OK;
        }
        return FULL;
    }

    /**
     * Least-worn sector other than the live one (only clean spares if {@code spareOnly}; -1 if there is none); on
     * a tie a clean spare, then the next one after the live one.
     */
    private int pickTarget(boolean spareOnly) {
        int best = -1;
        int n = layout.sectorCount;
        for (int k = 1; k <= n; k++) {
            int s = ((live < 0 ? n - 1 : live) + k) % n;
            if (s == live || (spareOnly && sectorState[s] != SPARE)) {
                continue;
            }
            if (best < 0 || eraseCount[s] < eraseCount[best]
                    || (eraseCount[s] == eraseCount[best] && sectorState[s] == SPARE && sectorState[best] != SPARE)) {
                best = s;
            }
        }
        return best;
    }

    /**
     * Copies a committed record verbatim (body, then commit unit last) to {@code to}, hashing the body as it
     * goes: a source that decayed since mount is not copied (returns {@link #CORRUPT}).
     */
    private int copyRecord(int from, int len, int to) {
        int bodyLength = layout.bodyLength(len);
        int hashed = KeyStoreLayout.RECORD_HEADER_LENGTH + len;
        check.begin();
        for (int done = 0; done < bodyLength; ) {
            int n = Math.min(work.length, bodyLength - done);
            int rc = flash.read(from + done, work, 0, n);
            if (rc < 0) {
                return rc;
            }
            if (done < hashed) {
                check.update(work, 0, Math.min(n, hashed - done));
            }
            // The stored check may straddle chunks; collect it as it passes.
            for (int i = 0; i < n; i++) {
                int at = done + i - hashed;
                if (at >= 0 && at < KeyStoreLayout.CHECK_LENGTH) {
                    stored[at] = work[i];
                }
            }
            if (done + n >= bodyLength) {
                check.finish(digest, 0);
                if (!ConstantTime.equals(digest, 0, stored, 0, KeyStoreLayout.CHECK_LENGTH)) {
                    return CORRUPT;
                }
            }
            rc = flash.program(to + done, work, 0, n);
            if (rc < 0) {
                return rc;
            }
            done += n;
        }
        putCommit(digest, 0, head);
        return flash.program(to + bodyLength, head, 0, layout.unit);
    }

    /** Erases a sector and writes header (erase count + 1) and erase-complete mark: a clean spare. */
    private int eraseAndFormat(int s) {
        sectorState[s] = DIRTY;
        eraseCount[s]++;
        int rc = flash.erase(layout.firstSector + s);
        if (rc < 0) {
            return rc;
        }
        SectorHeader.put(layout, check, work, eraseCount[s]);
        int address = layout.sectorAddress(s);
        rc = flash.program(address, work, 0, layout.headerLength);
        if (rc < 0) {
            return rc;
        }
        layout.putEraseMark(work, 0);
        rc = flash.program(address + layout.markOffset, work, 0, layout.unit);
        if (rc < 0) {
            return rc;
        }
        sectorState[s] = SPARE;
        return HalStatus.OK;
    }

    /** Erases older activated sectors and sectors with partial data (they may hold old secrets or values). */
    private int eraseLeftovers() {
        for (int s = 0; s < layout.sectorCount; s++) {
            // A blank sector is left for garbage collection to format when chosen (no erase at every boot).
            if (s == live || sectorState[s] == SPARE || sectorState[s] == BLANK) {
                continue;
            }
            int rc = eraseAndFormat(s);
            if (rc < 0) {
                return rc;
            }
        }
        return HalStatus.OK;
    }

    /** Rebuilds the index from the live sector and finds the write offset (after the last non-erased unit). */
    private int scan() {
        int base = layout.sectorAddress(live);
        int p = layout.recordsOffset;
        int used = p;
        int maxSequence = 0;
        while (p + layout.unit <= layout.sectorSize) {
            int headerLength = Math.min(KeyStoreLayout.RECORD_HEADER_LENGTH, layout.sectorSize - p);
            int rc = flash.read(base + p, head, 0, headerLength);
            if (rc < 0) {
                return rc;
            }
            if (KeyStoreLayout.isErased(head, 0, layout.unit)) {
                p += layout.unit;
                continue;
            }
            if (headerLength == KeyStoreLayout.RECORD_HEADER_LENGTH && RecordHeader.isValid(check, head, 0)) {
                int len = RecordHeader.length(head, 0);
                int footprint = layout.footprint(len);
                if (p + footprint <= layout.sectorSize) {
                    int type = RecordHeader.type(head, 0);
                    int sequence = RecordHeader.sequence(head, 0);
                    int flags = RecordHeader.flags(head, 0);
                    if (sequence - maxSequence > 0) {
                        maxSequence = sequence;
                    }
                    rc = verify(base + p, len);
                    if (rc < 0) {
                        return rc;
                    }
                    if (rc == 1 && !index.offer(type, base + p, sequence, len, flags)) {
                        return TOO_MANY_TYPES;
                    }
                    // Valid or not, the header is genuine (32-bit check), so its length says where the next
                    // record starts; stepping over a flipped payload never reads caller data as a header.
                    p += footprint;
                    used = p;
                    continue;
                }
            }
            // Torn or flipped header: resynchronise on the next unit.
            p += layout.unit;
            used = p;
        }
        writeOffset = used;
        nextSequence = maxSequence + 1;
        return HalStatus.OK;
    }

    /** 1 if the record at {@code address} has a matching check and commit unit, 0 if not, or a HAL error. */
    private int verify(int address, int len) {
        int hashed = KeyStoreLayout.RECORD_HEADER_LENGTH + len;
        check.begin();
        for (int done = 0; done < hashed; ) {
            int n = Math.min(work.length, hashed - done);
            int rc = flash.read(address + done, work, 0, n);
            if (rc < 0) {
                return rc;
            }
            check.update(work, 0, n);
            done += n;
        }
        check.finish(digest, 0);
        int rc = flash.read(address + hashed, stored, 0, KeyStoreLayout.CHECK_LENGTH);
        if (rc < 0) {
            return rc;
        }
        rc = flash.read(address + layout.bodyLength(len), stored, KeyStoreLayout.CHECK_LENGTH, layout.unit);
        if (rc < 0) {
            return rc;
        }
        if (!ConstantTime.equals(digest, 0, stored, 0, KeyStoreLayout.CHECK_LENGTH)) {
            return 0;
        }
        putCommit(digest, 0, head);
        return ConstantTime.equals(head, 0, stored, KeyStoreLayout.CHECK_LENGTH, layout.unit) ? 1 : 0;
    }

    /** 1 if {@code len} bytes at {@code address} all read 0xFF, 0 if not, or a HAL error. */
    private int isErased(int address, int len) {
        for (int done = 0; done < len; ) {
            int n = Math.min(work.length, len - done);
            int rc = flash.read(address + done, work, 0, n);
            if (rc < 0) {
                return rc;
            }
            if (!KeyStoreLayout.isErased(work, 0, n)) {
                return 0;
            }
            done += n;
        }
        return 1;
    }
}
