package dev.frozen.features;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows digest of an entry, which depends on its rows alone and not on how they are split into files. Each row
 * {@code i} of a split has the hash SHA-256(i as int64 ‖ label as int32 ‖ feature values as float32, little-endian);
 * a file records {@code row_hash_sum}, the sum of its rows' hashes modulo 2^256. Sums add up, so one file or any
 * set of shards of the same rows gives the same split sum, and the digest is SHA-256 over the split sums.
 */
public final class RowHashes {
    private RowHashes() {}

    /** Adds the 32-byte big-endian number {@code hash} to {@code sum}, modulo 2^256. */
    static void add(byte[] sum, byte[] hash) {
        int carry = 0;
        for (int i = sum.length - 1; i >= 0; i--) {
            int v = (sum[i] & 0xff) + (hash[i] & 0xff) + carry;
            sum[i] = (byte) v;
            carry = v >>> 8;
        }
    }

    /**
     * The rows digest of a manifest's files, or null when any file lacks {@code row_hash_sum} (entries written
     * before it existed).
     */
    public static String digest(Map<String, Manifest.FileInfo> files) {
        if (files == null || files.isEmpty()) {
            return null;
        }
        Map<String, byte[]> sums = new TreeMap<>();
        for (Map.Entry<String, Manifest.FileInfo> f : files.entrySet()) {
            String hex = f.getValue().rowHashSum();
            if (hex == null || !hex.matches("[0-9a-f]{64}")) {
                return null;
            }
            add(sums.computeIfAbsent(FeatureStore.splitOf(f.getKey()), k -> new byte[32]),
                    java.util.HexFormat.of().parseHex(hex));
        }
        StringBuilder all = new StringBuilder("rows-v1\n");
        for (Map.Entry<String, byte[]> s : sums.entrySet()) {
            all.append(s.getKey()).append('=').append(java.util.HexFormat.of().formatHex(s.getValue())).append('\n');
        }
        return Integrity.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    }
}
