package io.burstpipe.loadtest;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram kept compactly: HdrHistogram's compressed encoding (the form its own log tools use), as bytes
 * or, in result.json, in Base64, so runs can be merged and compared exactly rather than from percentile tables.
 */
public final class StoredHistograms {

    /** What result.json says its histograms are. */
    public static final String ENCODING = "HdrHistogram compressed, Base64, microseconds";

    private StoredHistograms() {
    }

    static byte[] compress(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** @throws IllegalArgumentException if the bytes are not such a histogram */
    static Histogram decompress(byte[] bytes) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a compressed HdrHistogram: " + e.getMessage(), e);
        }
    }

    public static String encode(Histogram h) {
        return Base64.getEncoder().encodeToString(compress(h));
    }

    /** @throws IllegalArgumentException if {@code text} is not such a histogram */
    public static Histogram decode(String text) {
        try {
            return decompress(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an HdrHistogram in compressed Base64: " + e.getMessage(), e);
        }
    }
}
