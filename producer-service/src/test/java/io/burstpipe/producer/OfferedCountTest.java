package io.burstpipe.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.burstpipe.profile.MessageStream;
import io.burstpipe.profile.ProfileSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The offered count follows the generator's own schedule exactly, message for message. */
class OfferedCountTest {

    private static final ProfileSettings BURSTS = ProfileSettings.burst(100, 4000, 1000, 3000);

    @Test
    void countsWhatTheGeneratorWouldHaveMadeByEachInstant() {
        long seed = 42;
        OfferedCount offered = new OfferedCount(BURSTS.schedule(seed), 0, Duration.ZERO);
        MessageStream stream = MessageStream.seeded("p", BURSTS, seed, 0, 0);
        for (long at = 0; at <= 9_000_000_000L; at += 250_000_000L) {
            while (stream.peekNanos() <= at) {
                stream.take();
            }
            assertThat(offered.at(at)).as("at %d ms", at / 1_000_000).isEqualTo(stream.taken());
        }
        // a burst second offers about 4000, a quiet one about 100
        OfferedCount again = new OfferedCount(BURSTS.schedule(seed), 0, Duration.ZERO);
        long burst = again.at(1_000_000_000L);
        long quiet = again.at(4_000_000_000L) - burst;
        assertThat(burst).isBetween(3800L, 4200L);
        assertThat(quiet).isBetween(230L, 380L);
    }

    @Test
    void endsWhereTheGeneratorEnds() {
        assertThat(new OfferedCount(BURSTS.schedule(1), 500, Duration.ZERO).at(60_000_000_000L)).isEqualTo(500);
        OfferedCount twoSeconds = new OfferedCount(BURSTS.schedule(1), 0, Duration.ofSeconds(2));
        long atTwo = twoSeconds.at(2_000_000_000L);
        assertThat(twoSeconds.at(60_000_000_000L)).isEqualTo(atTwo);
    }
}
