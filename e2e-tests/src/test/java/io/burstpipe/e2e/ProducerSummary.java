package io.burstpipe.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The producer's closing summary line, read back from its output. */
record ProducerSummary(long generated, long acked, long dropped, long failed, long unsent) {

    private static final Pattern LINE = Pattern.compile("summary: generated (\\d+), acked (\\d+) \\([^)]*\\), dropped by the consumer (\\d+), failed (\\d+), unsent (\\d+);");

    static ProducerSummary parse(String output) {
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            throw new AssertionError("no summary line in producer output:\n" + output);
        }
        return new ProducerSummary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
    }

    static String producerId(String output) {
        Matcher m = Pattern.compile("producer-id=(\\S+)").matcher(output);
        if (!m.find()) {
            throw new AssertionError("no producer-id in producer output:\n" + output);
        }
        return m.group(1);
    }
}
