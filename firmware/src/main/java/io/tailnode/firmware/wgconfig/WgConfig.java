package io.tailnode.firmware.wgconfig;

/**
 * A parsed wg-quick style configuration: the device's [Interface] and its [Peer]s, in flat arrays sized from
 * the capacities given at construction (peers, allowed IPs per peer, interface addresses). Addresses are
 * 16-byte slots in network byte order; an IPv4 address uses the first 4 bytes of its slot and has family 4.
 * Peer {@code p}'s allowed IP {@code k} sits in slot {@code p * allowedIpsPerPeer + k}, host bits cleared.
 * <p>
 * Holds key material: {@link #clear()} wipes it; there is deliberately no toString. Filled by
 * {@link WgConfigParser}; the façade reads it with the getters below. Not thread-safe.
 */
public final class WgConfig {
    public static final int KEY_SIZE = 32;
    public static final int ADDRESS_SLOT = 16;
    /** {@link #listenPort()} when the file has no ListenPort: pick a random port. */
    public static final int PORT_UNSET = -1;
    /** {@link #mtu()} when the file has no MTU: use the build default (1420). */
    public static final int MTU_UNSET = 0;

    private final int maxPeers;
    private final int allowedIpsPerPeer;
    private final int maxAddresses;

    private final byte[] privateKey = new byte[KEY_SIZE];
    private int listenPort;
    private int mtu;
    private final byte[] addresses;
    private final byte[] addressFamily;
    private final byte[] addressPrefix;
    private int addressCount;

    private int peerCount;
    private final byte[] peerPublicKeys;
    private final byte[] peerPresharedKeys;
    private final boolean[] peerHasPresharedKey;
    private final byte[] endpointAddresses;
    private final byte[] endpointFamily;
    private final int[] endpointPort;
    private final int[] keepaliveSeconds;
    private final int[] allowedIpCount;
    private final byte[] allowedIps;
    private final byte[] allowedFamily;
    private final byte[] allowedPrefix;

    public WgConfig(int maxPeers, int allowedIpsPerPeer, int maxAddresses) {
        if (maxPeers < 1 || allowedIpsPerPeer < 1 || maxAddresses < 1
                || maxPeers > 4096 || allowedIpsPerPeer > 4096 || maxAddresses > 64) {
            throw new IllegalArgumentException("capacity");
        }
        this.maxPeers = maxPeers;
        this.allowedIpsPerPeer = allowedIpsPerPeer;
        this.maxAddresses = maxAddresses;
        addresses = new byte[maxAddresses * ADDRESS_SLOT];
        addressFamily = new byte[maxAddresses];
        addressPrefix = new byte[maxAddresses];
        peerPublicKeys = new byte[maxPeers * KEY_SIZE];
        peerPresharedKeys = new byte[maxPeers * KEY_SIZE];
        peerHasPresharedKey = new boolean[maxPeers];
        endpointAddresses = new byte[maxPeers * ADDRESS_SLOT];
        endpointFamily = new byte[maxPeers];
        endpointPort = new int[maxPeers];
        keepaliveSeconds = new int[maxPeers];
        allowedIpCount = new int[maxPeers];
        int slots = maxPeers * allowedIpsPerPeer;
        allowedIps = new byte[slots * ADDRESS_SLOT];
        allowedFamily = new byte[slots];
        allowedPrefix = new byte[slots];
        clear();
    }

    public int maxPeers() {
        return maxPeers;
    }

    public int allowedIpsPerPeer() {
        return allowedIpsPerPeer;
    }

    public int maxAddresses() {
        return maxAddresses;
    }

    /** True if the capacities equal {@code o}'s (a precondition of {@link #copyFrom}). */
    public boolean sameCapacities(WgConfig o) {
        return maxPeers == o.maxPeers && allowedIpsPerPeer == o.allowedIpsPerPeer && maxAddresses == o.maxAddresses;
    }

    /** Empties the holder and wipes all key material. */
    public void clear() {
        fill(privateKey, 0);
        fill(peerPublicKeys, 0);
        fill(peerPresharedKeys, 0);
        listenPort = PORT_UNSET;
        mtu = MTU_UNSET;
        addressCount = 0;
        peerCount = 0;
    }

    /** Copies everything from {@code o} (same capacities; checked by the caller with {@link #sameCapacities}). */
    public void copyFrom(WgConfig o) {
        System.arraycopy(o.privateKey, 0, privateKey, 0, KEY_SIZE);
        listenPort = o.listenPort;
        mtu = o.mtu;
        addressCount = o.addressCount;
        System.arraycopy(o.addresses, 0, addresses, 0, addresses.length);
        System.arraycopy(o.addressFamily, 0, addressFamily, 0, addressFamily.length);
        System.arraycopy(o.addressPrefix, 0, addressPrefix, 0, addressPrefix.length);
        peerCount = o.peerCount;
        System.arraycopy(o.peerPublicKeys, 0, peerPublicKeys, 0, peerPublicKeys.length);
        System.arraycopy(o.peerPresharedKeys, 0, peerPresharedKeys, 0, peerPresharedKeys.length);
        System.arraycopy(o.peerHasPresharedKey, 0, peerHasPresharedKey, 0, maxPeers);
        System.arraycopy(o.endpointAddresses, 0, endpointAddresses, 0, endpointAddresses.length);
        System.arraycopy(o.endpointFamily, 0, endpointFamily, 0, maxPeers);
        System.arraycopy(o.endpointPort, 0, endpointPort, 0, maxPeers);
        System.arraycopy(o.keepaliveSeconds, 0, keepaliveSeconds, 0, maxPeers);
        System.arraycopy(o.allowedIpCount, 0, allowedIpCount, 0, maxPeers);
        System.arraycopy(o.allowedIps, 0, allowedIps, 0, allowedIps.length);
        System.arraycopy(o.allowedFamily, 0, allowedFamily, 0, allowedFamily.length);
        System.arraycopy(o.allowedPrefix, 0, allowedPrefix, 0, allowedPrefix.length);
    }

    private static void fill(byte[] b, int v) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) v;
        }
    }

    // ---- [Interface] ----

    /** Copies the 32-byte private key into {@code dst[off...]}. */
    public void copyPrivateKey(byte[] dst, int off) {
        System.arraycopy(privateKey, 0, dst, off, KEY_SIZE);
    }

    /** UDP port 0-65535 (0: any), or {@link #PORT_UNSET}. */
    public int listenPort() {
        return listenPort;
    }

    /** Tunnel MTU, or {@link #MTU_UNSET}. */
    public int mtu() {
        return mtu;
    }

    public int addressCount() {
        return addressCount;
    }

    /** 4 or 6. */
    public int addressFamily(int i) {
        return addressFamily[i];
    }

    /** Prefix length as written (the interface address keeps its host bits). */
    public int addressPrefix(int i) {
        return addressPrefix[i] & 0xff;
    }

    /** Copies address {@code i} (4 or 16 bytes by family) into {@code dst[off...]}. */
    public void copyAddress(int i, byte[] dst, int off) {
        System.arraycopy(addresses, i * ADDRESS_SLOT, dst, off, addressFamily[i] == 4 ? 4 : 16);
    }

    // ---- [Peer] ----

    public int peerCount() {
        return peerCount;
    }

    public void copyPeerPublicKey(int p, byte[] dst, int off) {
        System.arraycopy(peerPublicKeys, p * KEY_SIZE, dst, off, KEY_SIZE);
    }

    public boolean peerHasPresharedKey(int p) {
        return peerHasPresharedKey[p];
    }

    /** Copies the preshared key (all zero when the peer has none, as WireGuard treats it). */
    public void copyPeerPresharedKey(int p, byte[] dst, int off) {
        System.arraycopy(peerPresharedKeys, p * KEY_SIZE, dst, off, KEY_SIZE);
    }

    /** 0 (no Endpoint: learned from the peer's first authenticated packet), 4 or 6. */
    public int endpointFamily(int p) {
        return endpointFamily[p];
    }

    public void copyEndpointAddress(int p, byte[] dst, int off) {
        System.arraycopy(endpointAddresses, p * ADDRESS_SLOT, dst, off, endpointFamily[p] == 4 ? 4 : 16);
    }

    public int endpointPort(int p) {
        return endpointPort[p];
    }

    /** PersistentKeepalive in seconds, 0 = off. */
    public int persistentKeepalive(int p) {
        return keepaliveSeconds[p];
    }

    public int allowedIpCount(int p) {
        return allowedIpCount[p];
    }

    public int allowedIpFamily(int p, int k) {
        return allowedFamily[p * allowedIpsPerPeer + k];
    }

    public int allowedIpPrefix(int p, int k) {
        return allowedPrefix[p * allowedIpsPerPeer + k] & 0xff;
    }

    /** Copies allowed IP {@code k} of peer {@code p} (host bits cleared; 4 or 16 bytes) into {@code dst[off...]}. */
    public void copyAllowedIp(int p, int k, byte[] dst, int off) {
        int slot = p * allowedIpsPerPeer + k;
        System.arraycopy(allowedIps, slot * ADDRESS_SLOT, dst, off, allowedFamily[slot] == 4 ? 4 : 16);
    }

    // ---- writers for the parser (package-private: the holder is filled only by parsing) ----

    byte[] privateKeyArray() {
        return privateKey;
    }

    void setListenPort(int v) {
        listenPort = v;
    }

    void setMtu(int v) {
        mtu = v;
    }

    /** Returns the new address's index, or -1 when full. */
    int addAddress(byte[] addr, int family, int prefix) {
        if (addressCount == maxAddresses) {
            return -1;
        }
        System.arraycopy(addr, 0, addresses, addressCount * ADDRESS_SLOT, ADDRESS_SLOT);
        addressFamily[addressCount] = (byte) family;
        addressPrefix[addressCount] = (byte) prefix;
        return addressCount++;
    }

    /** Starts a new peer with empty fields; returns its index, or -1 when full. */
    int addPeer() {
        if (peerCount == maxPeers) {
            return -1;
        }
        int p = peerCount++;
        peerHasPresharedKey[p] = false;
        endpointFamily[p] = 0;
        endpointPort[p] = 0;
        keepaliveSeconds[p] = 0;
        allowedIpCount[p] = 0;
        for (int i = 0; i < KEY_SIZE; i++) {
            peerPublicKeys[p * KEY_SIZE + i] = 0;
            peerPresharedKeys[p * KEY_SIZE + i] = 0;
        }
        return p;
    }

    byte[] publicKeysArray() {
        return peerPublicKeys;
    }

    byte[] presharedKeysArray() {
        return peerPresharedKeys;
    }

    void setHasPresharedKey(int p) {
        peerHasPresharedKey[p] = true;
    }

    void setEndpoint(int p, byte[] addr, int family, int port) {
        System.arraycopy(addr, 0, endpointAddresses, p * ADDRESS_SLOT, ADDRESS_SLOT);
        endpointFamily[p] = (byte) family;
        endpointPort[p] = port;
    }

    void setKeepalive(int p, int seconds) {
        keepaliveSeconds[p] = seconds;
    }

    /** Adds an allowed IP (host bits cleared here); false when the peer's slots are full. */
    boolean addAllowedIp(int p, byte[] addr, int family, int prefix) {
        if (allowedIpCount[p] == allowedIpsPerPeer) {
            return false;
        }
        int slot = p * allowedIpsPerPeer + allowedIpCount[p]++;
        int base = slot * ADDRESS_SLOT;
        int bytes = family == 4 ? 4 : 16;
        for (int i = 0; i < ADDRESS_SLOT; i++) {
            int keep = i >= bytes ? 0 : prefix >= (i + 1) * 8 ? 0xff : prefix <= i * 8 ? 0 : (0xff << (8 - (prefix - i * 8))) & 0xff;
            allowedIps[base + i] = (byte) (addr[i] & keep);
        }
        allowedFamily[slot] = (byte) family;
        allowedPrefix[slot] = (byte) prefix;
        return true;
    }
}
